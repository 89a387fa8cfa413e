package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// groupWork is what every page of a breakout group's workspace needs: the
// group, its meeting and agenda, the breakout part chosen, and what the
// viewer may do there.
type groupWork struct {
	Scope    store.Scope
	Group    *domain.Group
	Meeting  *domain.Meeting
	Parts    []partChoice
	Part     *domain.PartNode    // nil when the meeting has no breakout part
	Session  *domain.SessionNode // the chosen part's session
	CanAdd   bool
	CanVote  bool
	CanMerge bool
	UserID   string
}

// partChoice is one breakout part in the part selector.
type partChoice struct {
	ID       string
	Label    string // "Session 2 · Breakout Groups"
	Selected bool
}

// Questions returns the guiding questions of the chosen part, or of its
// session when the part has none of its own.
func (g *groupWork) Questions() []*domain.ItemNode {
	if g.Part == nil {
		return nil
	}
	if q := g.Part.Questions(); len(q) > 0 {
		return q
	}
	return g.Session.Questions()
}

// PartID returns the chosen part's ID, "" when none.
func (g *groupWork) PartID() string {
	if g.Part == nil {
		return ""
	}
	return g.Part.ID
}

// Key returns the live service's key of the group's conversation.
func (g *groupWork) Key() live.Key { return live.Key{Meeting: g.Meeting.ID, Group: g.Group.ID} }

// link returns a path of the group's workspace with the chosen part.
func (g *groupWork) link(suffix string) string {
	p := "/groups/" + g.Group.ID + suffix
	if g.Part != nil {
		p += "?part=" + url.QueryEscape(g.Part.ID)
	}
	return p
}

// Home, VoteURL and LiveURL are the workspace's pages for the chosen part.
func (g *groupWork) Home() string    { return g.link("") }
func (g *groupWork) VoteURL() string { return g.link("/vote") }
func (g *groupWork) LiveURL() string { return "/groups/" + g.Group.ID + "/live" }

// loadGroupWork finds the group of the request's {id}, checks that the
// actor may see its work (ENOTFOUND for those who may not see the meeting,
// EFORBIDDEN for other members of the meeting) and picks the breakout part
// from partID: the one asked for, else the latest in which the group has
// statements, else the first.
func (s *Server) loadGroupWork(r *http.Request, groupID, partID string) (*groupWork, error) {
	a, err := loggedIn(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	sc, err := s.db.ScopeOf(ctx, "group", groupID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.NotFound("group")
	}
	if !a.CanSeeGroupWork(sc.ProcessID, sc.MeetingID, groupID) {
		return nil, domain.Forbidden()
	}
	g, err := s.db.Group(ctx, groupID)
	if err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	w := &groupWork{Scope: sc, Group: g, Meeting: ag.Meeting, UserID: a.User.ID,
		CanAdd:   a.CanAddStatement(sc.ProcessID, sc.MeetingID, groupID),
		CanVote:  a.CanVote(sc.ProcessID, sc.MeetingID, groupID),
		CanMerge: a.CanMergeStatements(sc.ProcessID, sc.MeetingID, groupID)}
	type found struct {
		p *domain.PartNode
		s *domain.SessionNode
	}
	var parts []found
	for _, sn := range ag.Sessions {
		for _, p := range sn.Parts {
			if p.Kind == domain.PartBreakout {
				parts = append(parts, found{p, sn})
			}
		}
	}
	pick := -1
	for i, f := range parts {
		if f.p.ID == partID {
			pick = i
		}
	}
	if partID != "" && pick < 0 {
		return nil, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	if pick < 0 && len(parts) > 0 {
		pick = 0
		sts, err := s.db.Statements(ctx, sc.MeetingID, groupID, "")
		if err != nil {
			return nil, err
		}
		for i, f := range parts {
			if slices.ContainsFunc(sts, func(st *domain.Statement) bool { return st.PartID == f.p.ID }) {
				pick = i
			}
		}
	}
	pg := s.page(r, "", nil)
	for i, f := range parts {
		label := pg.T("breakout.part_label", f.s.Number, f.p.Title)
		w.Parts = append(w.Parts, partChoice{ID: f.p.ID, Label: label, Selected: i == pick})
	}
	if pick >= 0 {
		w.Part, w.Session = parts[pick].p, parts[pick].s
	}
	return w, nil
}

// partStatements returns the group's statements of the chosen part (with
// those attached to no part, which belong to every part), standing ones
// and merged ones apart, oldest first.
func (s *Server) partStatements(r *http.Request, w *groupWork) (standing, merged []*domain.Statement, err error) {
	all, err := s.db.Statements(r.Context(), w.Meeting.ID, w.Group.ID, "")
	if err != nil {
		return nil, nil, err
	}
	for _, st := range all {
		if st.PartID != "" && st.PartID != w.PartID() {
			continue
		}
		if st.MergedInto == "" {
			standing = append(standing, st)
		} else {
			merged = append(merged, st)
		}
	}
	return standing, merged, nil
}

// statementRow is a statement as the workspace lists it. Author and Body
// are empty when the meeting is held without attribution.
type statementRow struct {
	S          *domain.Statement
	Totals     store.VoteTotals
	Author     string
	Body       string
	Source     string // the title of the contribution it was drawn from
	MergedInto string // the text of the statement it was merged into
}

// Votes returns the number of votes on the statement.
func (r statementRow) Votes() int { return r.Totals.Agree + r.Totals.Disagree + r.Totals.Pass }

// statementForm is what the add-a-statement form holds.
type statementForm struct {
	Text, Kind, Lang, Source, SourceTitle, Next string
}

type workspaceView struct {
	W              *groupWork
	Members        []store.MemberView
	Statements     []statementRow
	Merged         []statementRow
	Merges         []mergeRow
	Form           statementForm
	Kinds          []domain.ContributionKind
	Langs          []string
	Inputs         []inputRow
	InputsTotal    int
	NonAttribution bool
	Partners       bool // some statement is a partner's: explain the badge
}

// inputRow is a published contribution of the group's region.
type inputRow struct {
	C    *domain.Contribution
	Used bool // already drawn into one of the group's statements
}

// mergeRow is a merge as the workspace lists it: who merged, never whose
// votes moved.
type mergeRow struct {
	M        *domain.StatementMerge
	Into     string
	From     string
	MergedBy string
}

// groupWorkspace shows a breakout group's workspace: its guiding
// questions, its statements with their totals, the form to add one, the
// inputs of its region, and merging for the rapporteur and secretariat.
func (s *Server) groupWorkspace(w http.ResponseWriter, r *http.Request) {
	gw, err := s.loadGroupWork(r, r.PathValue("id"), r.URL.Query().Get("part"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := statementForm{Lang: ""}
	if src := r.URL.Query().Get("source"); src != "" && gw.CanAdd {
		c, err := s.sourceContribution(r, gw, src)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f = statementForm{Text: statementFromInput(c), Kind: string(c.Kind), Lang: c.Lang, Source: c.ID, SourceTitle: c.Title}
	}
	s.renderWorkspace(w, r, http.StatusOK, gw, f, nil)
}

// statementFromInput prefills a statement from a contribution: its title,
// followed by the first sentence of its text when the title alone is
// short, within the statement limit. The member edits it before saving.
func statementFromInput(c *domain.Contribution) string {
	text := strings.TrimSpace(c.Title)
	if body := strings.TrimSpace(c.Text); body != "" && utf8.RuneCountInString(text) < 60 {
		if i := strings.IndexAny(body, ".!?。！？"); i >= 0 {
			_, size := utf8.DecodeRuneInString(body[i:])
			body = body[:i+size]
		}
		if text != "" && !strings.ContainsAny(text[len(text)-1:], ".!?") && !strings.HasSuffix(text, "。") {
			text += "."
		}
		text = strings.TrimSpace(text + " " + body)
	}
	if utf8.RuneCountInString(text) > domain.MaxStatement {
		rs := []rune(text)
		text = strings.TrimSpace(string(rs[:domain.MaxStatement-1])) + "…"
	}
	return text
}

// sourceContribution returns a published contribution of the group's
// meeting that the actor may read, to draw a statement from.
func (s *Server) sourceContribution(r *http.Request, gw *groupWork, id string) (*domain.Contribution, error) {
	c, err := s.db.Contribution(r.Context(), id)
	if err != nil || c.MeetingID != gw.Meeting.ID || c.Status != domain.StatusPublished || !actor(r).CanViewContribution(gw.Scope.ProcessID, c) {
		return nil, domain.Invalid("source", "statement.error_source", "choose a published contribution of this meeting")
	}
	return c, nil
}

func (s *Server) renderWorkspace(w http.ResponseWriter, r *http.Request, status int, gw *groupWork, f statementForm, formErr error) {
	ctx := r.Context()
	v := workspaceView{W: gw, Form: f, Kinds: domain.ContributionKinds, Langs: domain.Locales, NonAttribution: gw.Meeting.NonAttribution}
	standing, merged, err := s.partStatements(r, gw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	totals, err := s.db.ConversationTotals(ctx, gw.Meeting.ID, gw.Group.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.db.Members(ctx, gw.Scope.ProcessID, gw.Meeting.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[string]store.MemberView{}
	for _, m := range members {
		if m.GroupID == gw.Group.ID {
			v.Members = append(v.Members, m)
		}
		if _, ok := names[m.UserID]; !ok || m.BodyName != "" {
			names[m.UserID] = m
		}
	}
	texts := map[string]string{}
	sources := map[string]bool{}
	row := func(st *domain.Statement) statementRow {
		sr := statementRow{S: st, Totals: totals[st.ID]}
		if !v.NonAttribution {
			if m, ok := names[st.AuthorID]; ok {
				sr.Author, sr.Body = m.UserName, m.BodyName
			}
		}
		if st.SourceID != "" {
			sources[st.SourceID] = true
			if c, err := s.db.Contribution(ctx, st.SourceID); err == nil && actor(r).CanViewContribution(gw.Scope.ProcessID, c) {
				sr.Source = c.Title
			}
		}
		return sr
	}
	all, err := s.db.Statements(ctx, gw.Meeting.ID, gw.Group.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, st := range all {
		texts[st.ID] = st.Text
		if st.SourceID != "" {
			sources[st.SourceID] = true
		}
	}
	for _, st := range standing {
		v.Statements = append(v.Statements, row(st))
		v.Partners = v.Partners || st.ByPartner
	}
	for _, st := range merged {
		sr := row(st)
		sr.MergedInto = texts[st.MergedInto]
		v.Merged = append(v.Merged, sr)
	}
	if gw.CanMerge {
		ms, err := s.db.Merges(ctx, gw.Meeting.ID, gw.Group.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, m := range ms {
			mr := mergeRow{M: m, Into: texts[m.IntoID], From: texts[m.FromID]}
			if u, ok := names[m.MergedBy]; ok {
				mr.MergedBy = u.UserName
			}
			v.Merges = append(v.Merges, mr)
		}
	}
	if gw.Group.Region != "" {
		vis, err := s.db.VisibilityFor(ctx, actor(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		res, err := s.db.Search(ctx, vis, store.SearchQuery{MeetingIDs: []string{gw.Meeting.ID}, Regions: []string{gw.Group.Region},
			Statuses: []domain.Status{domain.StatusPublished}, Lang: langOf(ctx), Sort: store.SortNewest, Limit: 20})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.InputsTotal = res.Total
		for _, c := range res.Items {
			v.Inputs = append(v.Inputs, inputRow{C: c, Used: sources[c.ID]})
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("breakout.title", gw.Group.Name)
	if formErr != nil {
		if !pg.fieldErrors(formErr) {
			pg.FormError = pg.message(formErr)
		}
	}
	s.render(w, r, status, "breakout", pg)
}

// addStatement adds a statement to the group's conversation in the chosen
// part: typed by a member, or drawn from an input of the region (source).
// The language is the one chosen, or detected from the text when the form
// says "detect".
func (s *Server) addStatement(w http.ResponseWriter, r *http.Request) {
	groupID := r.PathValue("id")
	gw, err := s.loadGroupWork(r, groupID, r.PostFormValue("part"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !gw.CanAdd {
		s.fail(w, r, domain.Forbidden())
		return
	}
	f := statementForm{Text: r.PostFormValue("text"), Kind: r.PostFormValue("kind"), Lang: r.PostFormValue("lang"),
		Source: r.PostFormValue("source"), Next: r.PostFormValue("next")}
	a := actor(r)
	st := &domain.Statement{MeetingID: gw.Meeting.ID, GroupID: groupID, PartID: gw.PartID(), Kind: domain.ContributionKind(f.Kind),
		Text: f.Text, Lang: f.Lang, AuthorID: a.User.ID}
	st.BodyID, st.ByPartner = bodyOf(a, gw)
	if f.Source != "" {
		c, err := s.sourceContribution(r, gw, f.Source)
		if err != nil {
			s.renderWorkspace(w, r, http.StatusUnprocessableEntity, gw, f, err)
			return
		}
		st.SourceID, f.SourceTitle = c.ID, c.Title
		if !st.ByPartner {
			if st.ByPartner, err = s.db.FromPartner(r.Context(), c); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	if st.Lang == "" {
		st.Lang = textproc.Detect(st.Text)
		if !slices.Contains(domain.Locales, st.Lang) {
			err := domain.Invalid("lang", "statement.error_lang", "the language could not be told from the text: choose it")
			s.renderWorkspace(w, r, http.StatusUnprocessableEntity, gw, f, err)
			return
		}
	}
	if err := s.db.CreateStatement(r.Context(), st); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderWorkspace(w, r, http.StatusUnprocessableEntity, gw, f, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	next := gw.Home()
	if f.Next != "" {
		next = safeNext(f.Next)
	}
	s.redirect(w, r, next, "statement.added_"+st.Lang)
}

// bodyOf returns the body the actor speaks for in the group: that of their
// delegate or partner membership in it, if any.
func bodyOf(a *domain.Actor, gw *groupWork) (bodyID string, partner bool) {
	for _, m := range a.Memberships {
		if m.ProcessID == gw.Scope.ProcessID && (m.MeetingID == "" || m.MeetingID == gw.Meeting.ID) && m.GroupID == gw.Group.ID && m.BodyID != "" {
			return m.BodyID, m.Role == domain.RolePartner
		}
	}
	return "", false
}
