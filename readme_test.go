package freshbooks_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The README's Go snippets are type-checked against the packages as they
// are now, so that they cannot rot. The convention:
//
//   - A ```go block is the body of a function, unless it starts with
//     "package": then it is a whole file.
//   - The body may use, without declaring them, the imports and the names
//     that readmePreamble declares (ctx, id, secret, client, accountID, …);
//     a snippet that needs one more adds it there.
//   - "{ … }" stands for a block left out.
//   - Names declared and never used, and imports a snippet does not use,
//     are not errors: a snippet shows a call, not a whole program.
//   - A client.Do GET's path is string literals joined with + and
//     string(accountID), and the sandbox serves it (TestREADMEPathsServed).
//
// A failure names the README line, such as "README.md:97:23: undefined:
// freshbooks.Like".
const readmePreamble = `package readme

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

func snippet() {
	var (
		ctx         context.Context
		id, secret  string                // the application's client id and secret
		cb          string                // its redirect URI
		r           *http.Request         // the OAuth callback
		client      *freshbooks.Client    // an authorized client
		accountID   freshbooks.AccountID  // from the current user's memberships
		callbacks   *freshbooks.CallbacksService
		myVerifiers func(freshbooks.AccountID) ([]string, error)
		queue       func(*webhook.Event) error
	)
	{
`

const readmePostamble = "\n\t}\n}\n"

// readmeImports are the packages whose export data the snippets import.
var readmeImports = []string{"context", "encoding/json", "log", "net/http", "time",
	"github.com/freshbooks-go/freshbooks", "github.com/freshbooks-go/freshbooks/freshbookstest",
	"github.com/freshbooks-go/freshbooks/webhook"}

type readmeBlock struct {
	line int // README line of the block's first line of code
	code string
}

// readmeGoBlocks returns the ```go blocks of the Markdown file path.
func readmeGoBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		blocks []readmeBlock
		cur    *readmeBlock
		code   strings.Builder
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fence := strings.TrimSpace(line)
		switch {
		case cur == nil && fence == "```go":
			cur = &readmeBlock{line: n + 1}
			code.Reset()
		case cur != nil && fence == "```":
			cur.code = code.String()
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			code.WriteString(line)
			code.WriteByte('\n')
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: a ```go block is not closed", path, cur.line-1)
	}
	return blocks
}

// exportData returns the export data files of pkgs and their
// dependencies, as `go list -export` builds them (offline: GOPROXY=off).
func exportData(t *testing.T, pkgs ...string) map[string]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to type-check the README: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), goTool, append([]string{"list", "-export", "-deps",
		"-f", "{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}"}, pkgs...)...)
	cmd.Env = append(os.Environ(), "GOPROXY=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.Bytes())
	}
	files := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if path, file, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			files[path] = file
		}
	}
	return files
}

// snippetSource returns the Go file a README block stands for, with a
// //line comment that makes every position a README position.
func snippetSource(b readmeBlock) string {
	if strings.HasPrefix(strings.TrimSpace(b.code), "package ") {
		return fmt.Sprintf("//line README.md:%d:1\n%s", b.line, b.code)
	}
	return fmt.Sprintf("%s//line README.md:%d:1\n%s%s", readmePreamble, b.line, strings.ReplaceAll(b.code, "{ … }", "{}"), readmePostamble)
}

// parseSnippet parses a README block; the error is the first syntax error
// (the rest follow from it).
func parseSnippet(fset *token.FileSet, b readmeBlock) (*ast.File, error) {
	f, err := parser.ParseFile(fset, "snippet.go", snippetSource(b), parser.SkipObjectResolution)
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return nil, list[0]
	}
	return f, err
}

// TestREADMEGoSnippets type-checks README.md's Go snippets; see the
// convention above readmePreamble.
func TestREADMEGoSnippets(t *testing.T) {
	blocks := readmeGoBlocks(t, "README.md")
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go blocks")
	}
	files := exportData(t, readmeImports...)
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("%s is not among the imports a README snippet may use (readmeImports)", path)
		}
		return os.Open(file)
	})
	for _, b := range blocks {
		f, err := parseSnippet(fset, b)
		if err != nil {
			t.Error(err)
			continue
		}
		// Unused variables and imports are not errors here.
		conf := types.Config{Importer: imp, Error: func(err error) {
			if msg := err.Error(); !strings.Contains(msg, "declared and not used") && !strings.Contains(msg, "imported and not used") {
				t.Error(err)
			}
		}}
		_, _ = conf.Check("readme", fset, []*ast.File{f}, nil)
	}
}

// TestREADMEPathsServed sends each GET the README makes with client.Do to
// the sandbox: a path it does not serve is one a reader cannot try. The
// path must be string literals joined with +, and string(accountID).
func TestREADMEPathsServed(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	client, accountID := env.c, env.acct.ID
	var eval func(e ast.Expr) (string, bool)
	eval = func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(e.Value)
			return s, err == nil && e.Kind == token.STRING
		case *ast.BinaryExpr:
			l, okL := eval(e.X)
			r, okR := eval(e.Y)
			return l + r, okL && okR && e.Op == token.ADD
		case *ast.CallExpr: // string(accountID)
			if fn, ok := e.Fun.(*ast.Ident); ok && fn.Name == "string" && len(e.Args) == 1 {
				return eval(e.Args[0])
			}
		case *ast.Ident:
			return string(accountID), e.Name == "accountID"
		}
		return "", false
	}

	fset := token.NewFileSet()
	calls := 0
	for _, b := range readmeGoBlocks(t, "README.md") {
		f, err := parseSnippet(fset, b)
		if err != nil {
			continue // TestREADMEGoSnippets reports it
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 5 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Do" {
				return true
			}
			if method, _ := eval(call.Args[1]); method != "GET" {
				return true
			}
			at := fset.Position(call.Pos())
			path, ok := eval(call.Args[2])
			if !ok {
				t.Errorf("%s: the path of this Do call is not string literals and string(accountID)", at)
				return true
			}
			calls++
			var raw json.RawMessage
			if err := client.Do(t.Context(), "GET", path, nil, &raw); err != nil {
				t.Errorf("%s: the sandbox does not serve GET %s: %v", at, path, err)
			}
			return true
		})
	}
	if calls == 0 {
		t.Error("README.md makes no client.Do GET call any more: drop or adapt this test")
	}
}

// TestREADMEGoVersion checks that the README's install section names the
// Go version go.mod requires.
func TestREADMEGoVersion(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(mod)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			if want := "Requires Go " + v + " or later"; !strings.Contains(string(readme), want) {
				t.Errorf("README.md does not say %q (go.mod: go %s)", want, v)
			}
			return
		}
	}
	t.Error("go.mod has no go line")
}
