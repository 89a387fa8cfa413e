package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
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

// auditWrites reads the sources and returns every action and object type
// the store's audit calls write (tx.audit(ctx, action, objectType, ...),
// tx.auditRecord(ctx, record, action, objectType, ...)).
// An argument that is not a string literal is followed: a constant it
// knows, a local variable set to literals, or a parameter of the function
// around it, whose callers are read in turn (the outcome use cases hand
// the store their action). What it cannot follow fails the test: say here
// what values it takes.
func auditWrites(t *testing.T) (actions, objects map[string]string) {
	t.Helper()
	known := map[string][]string{
		"MergeAction":             {store.MergeAction},
		"UnmergeAction":           {store.UnmergeAction},
		"SetNonAttributionAction": {store.SetNonAttributionAction},
		"ScheduleAction":          {store.ScheduleAction},
		"SetTimeZoneAction":       {store.SetTimeZoneAction},
		"CreateFeedAction":        {store.CreateFeedAction},
		"RevokeFeedAction":        {store.RevokeFeedAction},
	}
	// Translations are audited on the record they belong to: a kind of
	// translatable text (the store's texts.go).
	for k := range domain.TextFields {
		known["string(kind)"] = append(known["string(kind)"], string(k))
		known["string(objKind)"] = append(known["string(objKind)"], string(k))
	}
	for _, tr := range domain.Transitions {
		known["string(t)"] = append(known["string(t)"], string(tr))
	}
	// A progress report's change is audited as its action: an owner's
	// update or a step of its review.
	known["ch.Action"] = []string{"update"}
	for _, st := range []domain.ReportStep{domain.StepSubmit, domain.StepAccept, domain.StepReturn} {
		known["ch.Action"] = append(known["ch.Action"], string(st))
	}
	type call struct {
		fn    *ast.FuncDecl // the function it is in
		call  *ast.CallExpr
		where string
		src   []byte
	}
	var calls []call
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return err
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					calls = append(calls, call{fn, c, fset.Position(c.Pos()).String(), src})
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	calleeName := func(c *ast.CallExpr) string {
		switch f := c.Fun.(type) {
		case *ast.SelectorExpr:
			return f.Sel.Name
		case *ast.Ident:
			return f.Name
		}
		return ""
	}
	paramIndex := func(fn *ast.FuncDecl, name string) int {
		i := 0
		for _, field := range fn.Type.Params.List {
			for _, n := range field.Names {
				if n.Name == name {
					return i
				}
				i++
			}
		}
		return -1
	}
	// values gives what argument arg of c (in the function fn) can be.
	var values func(c call, arg ast.Expr, depth int) []string
	values = func(c call, arg ast.Expr, depth int) []string {
		if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			v, _ := strconv.Unquote(lit.Value)
			return []string{v}
		}
		text := string(c.src[fset.Position(arg.Pos()).Offset:fset.Position(arg.End()).Offset])
		if vs, ok := known[text]; ok {
			return vs
		}
		id, ok := arg.(*ast.Ident)
		if ok && depth < 5 {
			if i := paramIndex(c.fn, id.Name); i >= 0 {
				var out []string
				for _, caller := range calls {
					if calleeName(caller.call) == c.fn.Name.Name && len(caller.call.Args) > i {
						out = append(out, values(caller, caller.call.Args[i], depth+1)...)
					}
				}
				if len(out) > 0 {
					return out
				}
			}
			var out []string // a local variable set to literals
			ast.Inspect(c.fn.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for j, l := range as.Lhs {
						if li, ok := l.(*ast.Ident); ok && li.Name == id.Name {
							out = append(out, values(c, as.Rhs[j], depth+1)...)
						}
					}
				}
				return true
			})
			if len(out) > 0 {
				return out
			}
		}
		t.Errorf("%s: cannot tell what %s is: tell auditWrites which values it takes", c.where, text)
		return nil
	}
	actions, objects = map[string]string{}, map[string]string{}
	for _, c := range calls {
		sel, ok := c.call.Fun.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		first := map[string]int{"audit": 1, "auditRecord": 2}[sel.Sel.Name] // the action's place
		if first == 0 || len(c.call.Args) < 6+first || !strings.Contains(c.where, "store"+string(filepath.Separator)) {
			continue
		}
		for i, into := range []map[string]string{actions, objects} {
			for _, v := range values(c, c.call.Args[first+i], 0) {
				into[v] = c.where
			}
		}
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
