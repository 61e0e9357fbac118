package freshbooks_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// secretField names the string fields that hold a secret: tokens,
// client secrets, verifiers, passwords.
var secretField = regexp.MustCompile(`(?i)(secret|verifier|password|^(access|refresh|api)token$)`)

// TestEveryTypeHidesItsSecrets walks the exported types of this package
// and of webhook: each one with a secret field must be sampled here, and
// every sample, its secrets set, must hide them in every printed form
// (alone and nested) and through both slog handlers.
func TestEveryTypeHidesItsSecrets(t *testing.T) {
	samples := map[string]any{
		"freshbooks.Config":      &freshbooks.Config{},
		"freshbooks.Token":       &freshbooks.Token{},
		"freshbooks.AuthRequest": &freshbooks.AuthRequest{},
		"freshbooks.Staff":       &freshbooks.Staff{ID: 3, FirstName: "Ann"},
		"webhook.Event":          &webhook.Event{Name: "callback.verify", Fields: []webhook.Field{{Key: "verifier", Value: "S3CRET-webhook.Event-Fields"}}},
		// A Field's value is a secret when its key is "verifier".
		"webhook.Field": &webhook.Field{Key: "verifier", Value: "S3CRET-webhook.Field-Value"},
	}
	for _, name := range secretTypes(t, map[string]string{".": "freshbooks", "webhook": "webhook"}) {
		if samples[name] == nil {
			t.Errorf("%s carries a secret: sample it here, and hide the secret in its String, GoString and LogValue", name)
		}
	}

	secrets := []string{"S3CRET-webhook.Event-Fields", "S3CRET-webhook.Field-Value"}
	for name, p := range samples {
		v := reflect.ValueOf(p).Elem()
		for f, fv := range v.Fields() {
			if f.Type.Kind() == reflect.String && secretField.MatchString(f.Name) {
				s := "S3CRET-" + name + "-" + f.Name
				fv.SetString(s)
				secrets = append(secrets, s)
			}
		}
	}
	cfg := *samples["freshbooks.Config"].(*freshbooks.Config)
	cfg.BaseURL = "http://127.0.0.1:1"
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, nil))
	text := slog.New(slog.NewTextHandler(&out, nil))
	logged := []any{c}
	for _, p := range samples {
		logged = append(logged, p, reflect.ValueOf(p).Elem().Interface())
	}
	for _, v := range logged {
		// Nested in a container, a value prints through its own forms
		// too; slog marshals such a container as JSON, which for a Token
		// is its storage form, so only the value itself is logged.
		for _, v := range []any{v, []any{v}, struct{ V any }{v}} {
			fmt.Fprintf(&out, "%v|%+v|%#v|%s\n", v, v, v, v)
		}
		logger.Info("sample", "v", v)
		text.Info("sample", "v", v)
	}
	for _, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Errorf("%s shown:\n%s", s, grepLines(out.String(), s))
		}
	}
}

// secretTypes lists the exported struct types, as "pkg.Name", of the
// non-test files in each directory that have a field secretField names.
func secretTypes(t *testing.T, dirs map[string]string) []string {
	t.Helper()
	var found []string
	for dir, pkg := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok || !ts.Name.IsExported() {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return true
				}
				for _, fl := range st.Fields.List {
					for _, n := range fl.Names {
						if id, ok := fl.Type.(*ast.Ident); ok && id.Name == "string" && n.IsExported() && secretField.MatchString(n.Name) {
							found = append(found, pkg+"."+ts.Name.Name)
							return true
						}
					}
				}
				return true
			})
		}
	}
	if len(found) < 4 {
		t.Fatalf("found only %v: the walk is broken", found)
	}
	return found
}

func grepLines(s, sub string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			b.WriteString(line)
		}
	}
	return b.String()
}
