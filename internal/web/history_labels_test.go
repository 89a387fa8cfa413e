package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// auditWrites reads the store's sources and returns every action and
// object type its audit calls write (tx.audit(ctx, action, objectType,
// ...)). An argument that is neither a string literal nor a constant it
// knows fails the test: say here what values it can take.
func auditWrites(t *testing.T) (actions, objects map[string]string) {
	t.Helper()
	// Arguments that are not literals, by their source text.
	known := map[string][]string{
		"MergeAction":   {store.MergeAction},
		"UnmergeAction": {store.UnmergeAction},
	}
	for _, tr := range domain.Transitions {
		known["string(t)"] = append(known["string(t)"], string(tr))
	}
	files, err := filepath.Glob("../store/*.go")
	if err != nil {
		t.Fatal(err)
	}
	actions, objects = map[string]string{}, map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "audit" || len(call.Args) < 3 {
				return true
			}
			where := fset.Position(call.Pos()).String()
			for i, into := range []map[string]string{actions, objects} {
				arg := call.Args[1+i]
				if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					into[v] = where
					continue
				}
				text := string(src[fset.Position(arg.Pos()).Offset:fset.Position(arg.End()).Offset])
				vs, ok := known[text]
				if !ok {
					t.Errorf("%s: the audit call's argument %s is not a string literal: tell auditWrites which values it takes", where, text)
				}
				for _, v := range vs {
					into[v] = where
				}
			}
			return true
		})
	}
	if len(actions) < 10 || len(objects) < 10 {
		t.Fatalf("found only %d actions and %d object types in the store's audit calls", len(actions), len(objects))
	}
	return actions, objects
}

// TestEveryAuditActionHasALabel: every action and object type the store
// writes into the audit trail has its words in all six catalogues, so
// that the history page never shows a catalogue key.
func TestEveryAuditActionHasALabel(t *testing.T) {
	t.Parallel()
	actions, objects := auditWrites(t)
	want := map[string]string{}
	for a, where := range actions {
		want["history.action."+a] = where
	}
	for o, where := range objects {
		want["object."+o] = where
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, l := range locale.Languages {
		b, err := os.ReadFile(filepath.Join("../locale/catalog", l.Code+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]json.RawMessage
		if err := json.Unmarshal(b, &cat); err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s.json lacks %q (written at %s)", l.Code, k, want[k])
			}
		}
	}
}
