package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// plenaryView is the plenary's side-by-side synthesis of the breakout
// groups of one session part: a column per group, then the themes
// repeated across groups. It names no author and no body: statements are
// shown by their text and their group only.
type plenaryView struct {
	Meeting *domain.Meeting
	Parts   []partChoice
	Part    *domain.Part // nil when the meeting has no breakout part
	Columns []plenaryColumn
	// Themes are those repeated across groups first; Singles the
	// statements no other statement resembles.
	Themes  []themeView
	Singles []themeView
	// Groups is the M of "in N of M groups": the meeting's breakout groups,
	// whether or not they have written anything yet.
	Groups     int
	Statements int
	Unapplied  int // edits that no longer fit the themes
	Edits      int
	CanEdit    bool
	Version    int
	Choices    []themeChoice // every theme, for the edit forms' lists
	LiveOff    bool          // the server runs without live analysis
	// From says whose statements the page shows: fromAll, fromPartners
	// or fromMechanisms (?from=); Partners and Candidates count the
	// part's candidates from partners and in all.
	From       string
	Partners   int
	Candidates int
	// FollowUp is true when the part's candidates are follow-up
	// mechanisms rather than recommendations and commitments.
	FollowUp bool
}

// Whose statements the plenary page shows.
const (
	fromAll        = "all"
	fromPartners   = "partners"
	fromMechanisms = "mechanisms"
)

// fromChoices are the plenary's filters, in the order the page offers them.
var fromChoices = []string{fromAll, fromPartners, fromMechanisms}

// keep reports whether the filter shows a statement by a partner or not.
func (v *plenaryView) keep(byPartner bool) bool {
	switch v.From {
	case fromPartners:
		return byPartner
	case fromMechanisms:
		return !byPartner
	}
	return true
}

// FromQuery returns the URL query naming the part and the filter f.
func (v *plenaryView) FromQuery(f string) string {
	q := v.Query()
	if f == fromAll {
		return q
	}
	if q == "" {
		return "?from=" + f
	}
	return q + "&from=" + f
}

// Froms lists the filters for the page.
func (v *plenaryView) Froms() []string { return fromChoices }

// Query returns the URL query naming the part.
func (v *plenaryView) Query() string {
	if v.Part == nil {
		return ""
	}
	return "?part=" + url.QueryEscape(v.Part.ID)
}

// plenaryColumn is one breakout group's column.
type plenaryColumn struct {
	Group *domain.Group
	// Submitted is true when the top five come from the group's submitted
	// report; otherwise they are the current tally's, provisional.
	Submitted bool
	Method    rank.Method
	Ballots   int
	Top       []topItem
	Tied      []topItem
	FollowUp  string
	RCPRole   string
	TextLang  string // the language the report's text is in
	Live      *liveView
}

// topItem is one of a group's recommendations.
type topItem struct {
	Text    string
	Lang    string
	Partner bool // a partner's statement
	Pos     int  // its place among the group's five, from 1
}

// themeView is one theme as the plenary reads it.
type themeView struct {
	ID      string
	Label   string
	Edited  bool
	Terms   []string
	N       int // groups it spans
	ByGroup []themeGroup
	Size    int
}

// themeGroup is a theme's statements from one group.
type themeGroup struct {
	Group      string
	Statements []themeStatement
}

// themeStatement is a statement in a theme, with how sure the engine is
// that it belongs there (percent) or that a person placed it.
type themeStatement struct {
	ID         string
	Text       string
	Lang       string
	Confidence int
	Pinned     bool
	Partner    bool // a partner's statement
}

// Short returns the statement's text shortened for a list of choices.
func (s themeStatement) Short() string {
	r := []rune(s.Text)
	if len(r) <= 80 {
		return s.Text
	}
	return string(r[:79]) + "…"
}

// themeChoice names a theme in the edit forms.
type themeChoice struct {
	ID, Label string
}

// canEditThemes reports whether the actor may merge, split, rename and
// move the plenary's themes: whoever manages the meeting (the
// secretariat) and the chair of the process or of the meeting.
func canEditThemes(a *domain.Actor, processID, meetingID string) bool {
	if a.CanManageMeeting(processID, meetingID) {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && m.Role == domain.RoleChair {
			return true
		}
	}
	return false
}

// plenaryPart finds the meeting of the path and the breakout part of the
// "part" parameter (the first breakout part when none is given), checking
// that the actor may see the meeting.
func (s *Server) plenaryPart(r *http.Request) (store.Scope, *plenaryView, error) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "meeting", id, false)
	if err != nil {
		return sc, nil, err
	}
	ctx := r.Context()
	ag, err := s.db.Agenda(ctx, id)
	if err != nil {
		return sc, nil, err
	}
	v := &plenaryView{Meeting: ag.Meeting, CanEdit: canEditThemes(actor(r), sc.ProcessID, sc.MeetingID), From: fromAll}
	if f := r.FormValue("from"); slices.Contains(fromChoices, f) {
		v.From = f
	}
	want := r.FormValue("part")
	pg := s.page(r, "", nil)
	for _, sn := range ag.Sessions {
		for _, p := range sn.Parts {
			if p.Kind != domain.PartBreakout {
				continue
			}
			pick := (want == "" && v.Part == nil) || p.ID == want
			if pick {
				part := p.Part
				v.Part = &part
			}
			v.Parts = append(v.Parts, partChoice{ID: p.ID, Label: pg.T("breakout.part_label", sn.Number, p.Title), Selected: pick})
		}
	}
	if want != "" && v.Part == nil {
		return sc, nil, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	return sc, v, nil
}

// plenaryThemes computes the themes of a part's candidates across the
// meeting's groups, with the stored edits re-applied.
func (s *Server) plenaryThemes(ctx context.Context, meetingID, partID string, groups []*domain.Group) (*themes.Result, map[string]*domain.Statement, *store.ThemeEdits, error) {
	return s.db.PartThemes(ctx, meetingID, partID, groups, s.cfg.Themes)
}

// showPlenary shows the plenary's synthesis of a breakout part to anyone
// who may see the meeting.
func (s *Server) showPlenary(w http.ResponseWriter, r *http.Request) {
	s.renderPlenary(w, r, http.StatusOK, nil)
}

func (s *Server) renderPlenary(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	_, v, err := s.plenaryPart(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Part != nil {
		if err := s.fillPlenary(r, v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("plenary.title")
	if formErr != nil {
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "plenary", pg)
}

// fillPlenary reads every group's column and the themes.
func (s *Server) fillPlenary(r *http.Request, v *plenaryView) error {
	ctx := r.Context()
	groups, err := s.db.Groups(ctx, v.Meeting.ID)
	if err != nil {
		return err
	}
	v.LiveOff = s.cfg.Live == nil
	set, err := s.db.RankingSettings(ctx, v.Part.ID)
	if err != nil {
		return err
	}
	v.FollowUp = set.Candidates == store.CandidatesFollowUp
	lang := langOf(ctx)
	for _, g := range groups {
		col, err := s.plenaryColumn(ctx, v.Meeting.ID, g, v.Part.ID, lang, v.keep)
		if err != nil {
			return err
		}
		v.filterColumn(&col)
		v.Columns = append(v.Columns, col)
	}
	res, byID, te, err := s.plenaryThemes(ctx, v.Meeting.ID, v.Part.ID, groups)
	if err != nil {
		return err
	}
	v.Version, v.Edits, v.Groups, v.Statements = te.Version, len(te.Edits), len(groups), len(res.Statements)
	v.Candidates = len(byID)
	for _, st := range byID {
		if st.ByPartner {
			v.Partners++
		}
	}
	for _, o := range res.Edits {
		if !o.Applied {
			v.Unapplied++
		}
	}
	for _, th := range res.Themes {
		tv := themeViewOf(th, byID, groups)
		v.Choices = append(v.Choices, themeChoice{ID: th.ID, Label: tv.Label})
		if !v.filterTheme(&tv) {
			continue
		}
		if tv.Size > 1 {
			v.Themes = append(v.Themes, tv)
		} else {
			v.Singles = append(v.Singles, tv)
		}
	}
	return nil
}

// plenaryColumn reads one group's column: its top five from its submitted
// report, else from the current tally (provisional), its report's texts,
// and what its conversation agrees and disagrees on (the statements that
// divide it chosen among the part's that keepPartner allows).
func (s *Server) plenaryColumn(ctx context.Context, meetingID string, g *domain.Group, partID, lang string, keepPartner func(bool) bool) (plenaryColumn, error) {
	col := plenaryColumn{Group: g}
	rep, err := s.db.Report(ctx, g.ID, partID)
	switch {
	case err == nil:
		t, tl := rep.Text(lang)
		col.FollowUp, col.RCPRole, col.TextLang = t.FollowUp, t.RCPRole, tl
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return col, err
	}
	var tv tallyView
	if rep != nil && rep.Snapshot != nil {
		col.Submitted = true
		tv = snapshotTally(rep.Snapshot)
	} else {
		t, err := s.db.Tally(ctx, meetingID, g.ID, partID)
		if err != nil {
			return col, err
		}
		tv = newTallyView(t.Settings.Method, t.Settings.ScoreMin, t.Settings.ScoreMax, candidateViews(t.Candidates), t.Result, t.Top, t.Ballots)
	}
	col.Method, col.Ballots = tv.Method, tv.Ballots
	for _, row := range tv.TopRows {
		item := topItem{Text: row.Text, Lang: row.Lang, Partner: row.ByPartner}
		if row.Status == rank.StatusTied {
			col.Tied = append(col.Tied, item)
		} else {
			item.Pos = len(col.Top) + 1
			col.Top = append(col.Top, item)
		}
	}
	if s.cfg.Live != nil {
		key := live.Key{Meeting: meetingID, Group: g.ID}
		snap := s.cfg.Live.Latest(key)
		if snap == nil {
			if snap, err = s.cfg.Live.Current(ctx, key); err != nil {
				return col, err
			}
		}
		col.Live = buildLiveView(nil, snap, partKeep(partID, keepPartner)).onlyPart(snap, partID)
	}
	return col, nil
}

// onlyPart keeps what concerns one part: the analysis is the group's
// conversation, every part of it, and a part's column counts and lists
// this part's statements only (and those of no part).
// (The statements that divide it were chosen by partKeep already.)
func (v *liveView) onlyPart(snap *live.Snapshot, partID string) *liveView {
	pc := snap.ForPart(partID)
	v.Participants, v.Votes = pc.Participants, pc.Votes
	other := func(p string) bool { return p != "" && p != partID }
	v.Consensus = slices.DeleteFunc(v.Consensus, func(c consensusRow) bool { return other(c.Part) })
	v.Against = slices.DeleteFunc(v.Against, func(c consensusRow) bool { return other(c.Part) })
	return v
}

// partKeep allows the statements of one part (and those of no part) that
// keepPartner allows (nil: all of them).
func partKeep(partID string, keepPartner func(bool) bool) func(string, bool) bool {
	return func(part string, byPartner bool) bool {
		return (part == "" || part == partID) && (keepPartner == nil || keepPartner(byPartner))
	}
}

// filterColumn keeps in a group's column only the statements the filter
// shows: its five keep their places in the group's ranking.
func (v *plenaryView) filterColumn(col *plenaryColumn) {
	if v.From == fromAll {
		return
	}
	col.Top = slices.DeleteFunc(col.Top, func(it topItem) bool { return !v.keep(it.Partner) })
	col.Tied = slices.DeleteFunc(col.Tied, func(it topItem) bool { return !v.keep(it.Partner) })
	if l := col.Live; l != nil {
		l.Consensus = slices.DeleteFunc(l.Consensus, func(c consensusRow) bool { return !v.keep(c.Partner) })
		l.Against = slices.DeleteFunc(l.Against, func(c consensusRow) bool { return !v.keep(c.Partner) })
	}
}

// filterTheme keeps in a theme only the statements the filter shows and
// counts the groups they come from; false when none is left. The theme
// keeps its size, which the edit forms go by.
func (v *plenaryView) filterTheme(tv *themeView) bool {
	if v.From == fromAll {
		return true
	}
	var kept []themeGroup
	for _, g := range tv.ByGroup {
		g.Statements = slices.DeleteFunc(slices.Clone(g.Statements), func(s themeStatement) bool { return !v.keep(s.Partner) })
		if len(g.Statements) > 0 {
			kept = append(kept, g)
		}
	}
	tv.ByGroup, tv.N = kept, len(kept)
	return len(kept) > 0
}

// themeViewOf lays out a theme by group, groups in the meeting's order.
func themeViewOf(th themes.Theme, byID map[string]*domain.Statement, groups []*domain.Group) themeView {
	tv := themeView{ID: th.ID, Label: th.Label, Edited: th.LabelEdited, Terms: th.Terms, N: len(th.Groups), Size: len(th.Members)}
	byGroup := map[string][]themeStatement{}
	for _, m := range th.Members {
		st := byID[m.ID]
		if st == nil {
			continue
		}
		g := groupName(groups, st.GroupID)
		byGroup[g] = append(byGroup[g], themeStatement{ID: st.ID, Text: st.Text, Lang: st.Lang, Confidence: pct(m.Confidence), Pinned: m.Pinned, Partner: st.ByPartner})
	}
	for _, g := range groups {
		if sts := byGroup[g.Name]; len(sts) > 0 {
			tv.ByGroup = append(tv.ByGroup, themeGroup{Group: g.Name, Statements: sts})
		}
	}
	return tv
}

func groupName(groups []*domain.Group, id string) string {
	for _, g := range groups {
		if g.ID == id {
			return g.Name
		}
	}
	return ""
}

// editThemes applies one edit of the chair or the secretariat to a part's
// themes (merge, split, rename, move), checked against the themes as they
// stand, and stores it to be re-applied on every recomputation.
func (s *Server) editThemes(w http.ResponseWriter, r *http.Request) {
	sc, v, err := s.plenaryPart(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	if !canEditThemes(a, sc.ProcessID, sc.MeetingID) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	if v.Part == nil || r.FormValue("part") == "" {
		s.fail(w, r, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts"))
		return
	}
	version, err := formInt(r, "version")
	if err != nil {
		s.renderPlenary(w, r, statusOf(err), err)
		return
	}
	ctx := r.Context()
	groups, err := s.db.Groups(ctx, sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, _, te, err := s.plenaryThemes(ctx, sc.MeetingID, v.Part.ID, groups)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if te.Version != version {
		s.renderPlenary(w, r, http.StatusConflict, domain.Conflict("the themes"))
		return
	}
	e, err := themeEdit(r, res)
	if err != nil {
		s.renderPlenary(w, r, statusOf(err), err)
		return
	}
	e.By, e.At = a.User.ID, time.Now().UTC().Format(time.RFC3339)
	var in []themes.Statement
	for _, g := range groups {
		cs, _, err := s.db.Candidates(ctx, sc.MeetingID, g.ID, v.Part.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range cs {
			in = append(in, themes.Statement{ID: c.ID, Text: c.Text, Language: c.Lang, Group: g.Name, Region: g.Region})
		}
	}
	after, err := themes.Compute(ctx, in, themes.Options{Previous: te.Previous, Edits: append(slices.Clone(te.Edits), e), Translator: s.cfg.Themes})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.AddThemeEdit(ctx, sc.MeetingID, v.Part.ID, version, e, after); err != nil {
		s.renderPlenary(w, r, statusOf(err), err)
		return
	}
	s.redirect(w, r, "/meetings/"+sc.MeetingID+"/plenary"+v.Query()+"#themes", "plenary.edited")
}

// themeEdit reads an edit from the form and checks it against the themes
// as they stand (store.CheckThemeEdit, which the API uses too).
func themeEdit(r *http.Request, res *themes.Result) (themes.Edit, error) {
	return store.CheckThemeEdit(store.ThemeEditInput{Op: r.FormValue("op"), Theme: r.FormValue("theme"), Into: r.FormValue("into"),
		Label: r.FormValue("label"), Statement: r.FormValue("statement"), To: r.FormValue("to")}, res)
}
