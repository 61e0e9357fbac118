package freshbooks_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// Every scope a resource needs has its constant, and every constant is a
// scope FreshBooks grants (the sandbox's list, from its documentation).
func TestScopeConstants(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "scopes_oauth.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			v, _ := strconv.Unquote(lit.Value)
			consts = append(consts, v)
		}
		return true
	})
	for _, c := range consts {
		if !slices.Contains(freshbookstest.Scopes, c) {
			t.Errorf("%s is not a FreshBooks scope", c)
		}
	}
	for _, r := range freshbooks.Resources() {
		for _, s := range []string{r.ReadScope, r.WriteScope} {
			if s != "" && !slices.Contains(consts, s) {
				t.Errorf("%s needs %s, which has no constant", r.Name, s)
			}
		}
	}
}
