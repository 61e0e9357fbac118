package freshbooks_test

import (
	"bufio"
	"bytes"
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
	"strings"
	"testing"
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
		// A //line comment makes every position a README position.
		src := fmt.Sprintf("%s//line README.md:%d:1\n%s%s", readmePreamble, b.line, strings.ReplaceAll(b.code, "{ … }", "{}"), readmePostamble)
		if strings.HasPrefix(strings.TrimSpace(b.code), "package ") {
			src = fmt.Sprintf("//line README.md:%d:1\n%s", b.line, b.code)
		}
		for _, err := range typeCheck(fset, imp, src) {
			t.Error(err)
		}
	}
}

// typeCheck parses and type-checks one Go file, and returns its first
// syntax error, or its type errors but for unused variables and imports.
func typeCheck(fset *token.FileSet, imp types.Importer, src string) []error {
	f, err := parser.ParseFile(fset, "snippet.go", src, parser.SkipObjectResolution)
	if err != nil {
		// The first syntax error is the one to fix; the rest follow from it.
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return []error{list[0]}
		}
		return []error{err}
	}
	var errs []error
	conf := types.Config{Importer: imp, Error: func(err error) {
		msg := err.Error()
		if strings.Contains(msg, "declared and not used") || strings.Contains(msg, "imported and not used") {
			return
		}
		errs = append(errs, err)
	}}
	_, _ = conf.Check("readme", fset, []*ast.File{f}, nil)
	return errs
}
