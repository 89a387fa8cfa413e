package synthesis

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// PartThemes are the themes of a breakout part's candidate statements
// across the meeting's groups, with the stored edits re-applied.
type PartThemes struct {
	Result *themes.Result
	// Statements are the part's candidates, by id.
	Statements map[string]*domain.Statement
	// Edits are the stored edits (Version 0 while nobody has edited).
	Edits *store.ThemeEdits

	// in is what the themes were computed from (see themesInput).
	in []themes.Statement
}

// PartThemes computes the themes of a breakout part of the meeting (the
// first one when partID is empty) for whoever may see the meeting (see
// [Service.BreakoutPart] for the errors; EINVALID when the meeting has no
// breakout part).
func (s *Service) PartThemes(ctx context.Context, a *domain.Actor, meetingID, partID string) (*PartThemes, error) {
	p, err := s.BreakoutPart(ctx, a, meetingID, partID)
	if err != nil {
		return nil, err
	}
	if p.Part == nil {
		return nil, errUnknownPart()
	}
	return s.partThemes(ctx, p)
}

// partThemes computes the themes of p's part (which must be set).
func (s *Service) partThemes(ctx context.Context, p *Part) (*PartThemes, error) {
	te, err := s.db.ThemeEdits(ctx, p.Meeting.ID, p.Part.ID)
	if err != nil {
		return nil, err
	}
	cands, err := s.db.PartCandidates(ctx, p.Meeting.ID, p.Part.ID)
	if err != nil {
		return nil, err
	}
	pt := &PartThemes{Edits: te, Statements: map[string]*domain.Statement{}}
	pt.in = themesInput(cands, p.Groups, pt.Statements)
	if pt.Result, err = s.computeThemes(ctx, pt.in, te.Previous, te.Edits); err != nil {
		return nil, err
	}
	return pt, nil
}

// themesInput is the input of the themes engine: the candidates by group,
// in the meeting's order of groups, then as written (cands are oldest
// first). It names groups only: no body and no author. byID receives the
// statements given to the engine.
func themesInput(cands []*domain.Statement, groups []*domain.Group, byID map[string]*domain.Statement) []themes.Statement {
	byGroup := map[string][]*domain.Statement{}
	for _, st := range cands {
		byGroup[st.GroupID] = append(byGroup[st.GroupID], st)
	}
	var in []themes.Statement
	for _, g := range groups {
		for _, st := range byGroup[g.ID] {
			in = append(in, themes.Statement{ID: st.ID, Text: st.Text, Language: st.Lang, Group: g.Name, Region: g.Region})
			byID[st.ID] = st
		}
	}
	return in
}

// computeThemes runs the themes engine with the edits re-applied; no
// statements make no themes.
func (s *Service) computeThemes(ctx context.Context, in []themes.Statement, previous *themes.Result, edits []themes.Edit) (*themes.Result, error) {
	if len(in) == 0 {
		return &themes.Result{}, nil
	}
	opts := themes.Options{Previous: previous, Edits: edits, Translator: s.themes}
	if wv, ok := s.themes.(themes.WordVectors); ok {
		opts.WordVectors = wv
	}
	res, err := themes.Compute(ctx, in, opts)
	if err != nil {
		return nil, fmt.Errorf("synthesis: themes: %w", err)
	}
	return res, nil
}

// ThemeEditInput is one edit of a part's themes as a person asks for it,
// from the plenary page's form or the API, with the version of the edits
// read: which of Theme, Into, Label, Statement and To count depends on Op.
type ThemeEditInput struct {
	MeetingID string
	PartID    string
	Version   int
	Op        string // themes.EditRename, EditMerge, EditMove or EditSplit
	Theme     string // rename, merge: the theme edited
	Into      string // merge: the theme it joins
	Label     string // rename: the new label
	Statement string // move, split: the statement moved
	To        string // move: the theme it goes to
}

// EditThemes applies one edit of the chair or the secretariat to a part's
// themes (rename, merge, move, split), checked against the themes as they
// stand, and stores it to be re-applied on every recomputation. It returns
// the themes with the edit applied. Errors: those of
// [Service.BreakoutPart]; [domain.EFORBIDDEN] for whoever does not edit
// the plenary ([domain.Actor.CanEditPlenary]); [domain.EINVALID] for a
// missing part or an edit that does not fit the themes (naming the
// field); [domain.ECONFLICT] when the themes were edited since Version.
func (s *Service) EditThemes(ctx context.Context, a *domain.Actor, in ThemeEditInput) (*PartThemes, error) {
	p, err := s.BreakoutPart(ctx, a, in.MeetingID, in.PartID)
	if err != nil {
		return nil, err
	}
	if !p.CanEdit(a) {
		return nil, domain.Forbidden()
	}
	if in.PartID == "" {
		return nil, errUnknownPart()
	}
	pt, err := s.partThemes(ctx, p)
	if err != nil {
		return nil, err
	}
	if pt.Edits.Version != in.Version {
		return nil, domain.Conflict("the themes")
	}
	e, err := checkThemeEdit(in, pt.Result)
	if err != nil {
		return nil, err
	}
	e.By, e.At = a.User.ID, time.Now().UTC().Format(time.RFC3339)
	after, err := s.computeThemes(ctx, pt.in, pt.Edits.Previous, append(slices.Clone(pt.Edits.Edits), e))
	if err != nil {
		return nil, err
	}
	te, err := s.db.AddThemeEdit(ctx, p.Meeting.ID, p.Part.ID, in.Version, e, after)
	if err != nil {
		return nil, err
	}
	return &PartThemes{Result: after, Statements: pt.Statements, Edits: te, in: pt.in}, nil
}

// MaxThemeLabel is the longest label a person may give a theme.
const MaxThemeLabel = 200

// checkThemeEdit checks an edit against the themes as they stand (res) and
// returns it ready to store, or an EINVALID naming the field at fault.
func checkThemeEdit(in ThemeEditInput, res *themes.Result) (themes.Edit, error) {
	themeOf := map[string]string{}
	size := map[string]int{}
	for _, a := range res.Statements {
		themeOf[a.ID] = a.Theme
		size[a.Theme]++
	}
	theme := func(field, id string) (string, error) {
		if _, ok := size[id]; !ok || id == "" {
			return "", domain.Invalid(field, "plenary.error_theme", "choose one of the themes shown")
		}
		return id, nil
	}
	statement := func(id string) (string, error) {
		if _, ok := themeOf[id]; !ok || id == "" {
			return "", domain.Invalid("statement", "plenary.error_statement", "choose one of the statements shown")
		}
		return id, nil
	}
	switch in.Op {
	case themes.EditRename:
		th, err := theme("theme", in.Theme)
		if err != nil {
			return themes.Edit{}, err
		}
		label := strings.Join(strings.Fields(in.Label), " ")
		if label == "" {
			return themes.Edit{}, domain.Invalid("label", "plenary.error_label", "give the theme a label")
		}
		if len([]rune(label)) > MaxThemeLabel {
			return themes.Edit{}, domain.Invalid("label", "error.too_long", "must be at most %d characters", MaxThemeLabel)
		}
		return themes.Edit{Op: in.Op, Themes: []string{th}, Label: label}, nil
	case themes.EditMerge:
		th, err := theme("theme", in.Theme)
		if err != nil {
			return themes.Edit{}, err
		}
		into, err := theme("into", in.Into)
		if err != nil {
			return themes.Edit{}, err
		}
		if into == th {
			return themes.Edit{}, domain.Invalid("into", "plenary.error_same_theme", "choose another theme")
		}
		return themes.Edit{Op: in.Op, Themes: []string{into, th}}, nil
	case themes.EditMove:
		st, err := statement(in.Statement)
		if err != nil {
			return themes.Edit{}, err
		}
		to, err := theme("to", in.To)
		if err != nil {
			return themes.Edit{}, err
		}
		if themeOf[st] == to {
			return themes.Edit{}, domain.Invalid("to", "plenary.error_same_theme", "choose another theme")
		}
		return themes.Edit{Op: in.Op, Statements: []string{st}, To: to}, nil
	case themes.EditSplit:
		st, err := statement(in.Statement)
		if err != nil {
			return themes.Edit{}, err
		}
		if size[themeOf[st]] < 2 {
			return themes.Edit{}, domain.Invalid("statement", "plenary.error_alone", "this statement is already alone in its theme")
		}
		// The new theme's id is chosen here and stored with the edit, so
		// that later edits naming it still find it after recomputations.
		return themes.Edit{Op: in.Op, Statements: []string{st}, To: splitThemeID(st, size)}, nil
	default:
		return themes.Edit{}, domain.Invalid("op", "plenary.error_op", "choose merge, split, rename or move")
	}
}

// splitThemeID names the theme a statement is split out into: derived from
// the statement, unlike any theme that stands.
func splitThemeID(statementID string, used map[string]int) string {
	h := fnv.New32a()
	h.Write([]byte("split/" + statementID))
	base := fmt.Sprintf("t%08x", h.Sum32())
	id := base
	for k := 2; used[id] > 0; k++ {
		id = fmt.Sprintf("%s-%d", base, k)
	}
	return id
}
