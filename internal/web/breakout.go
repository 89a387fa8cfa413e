package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// groupWork is what every page of a breakout group's workspace needs (see
// [deliberation.GroupWork]), with the part selector's labels and the
// workspace's links.
type groupWork struct {
	*deliberation.GroupWork
	Parts []partChoice
}

// partChoice is one breakout part in the part selector.
type partChoice struct {
	ID       string
	Label    string // "Session 2 · Breakout Groups"
	Selected bool
}

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

// newGroupWork labels the part selector of a group's workspace in the
// page's language.
func (s *Server) newGroupWork(r *http.Request, gw *deliberation.GroupWork) *groupWork {
	w := &groupWork{GroupWork: gw}
	pg := s.page(r, "", nil)
	for _, b := range gw.Breakouts {
		w.Parts = append(w.Parts, partChoice{ID: b.Part.ID, Label: pg.T("breakout.part_label", b.Session.Number, b.Part.Title), Selected: b.Part == gw.Part})
	}
	return w
}

// loadGroupWork reads the workspace of group groupID in part partID (see
// [deliberation.Service.GroupWork]).
func (s *Server) loadGroupWork(r *http.Request, groupID, partID string) (*groupWork, error) {
	gw, err := s.delib.GroupWork(r.Context(), actor(r), deliberation.ConversationInput{GroupID: groupID, PartID: partID})
	if err != nil {
		return nil, err
	}
	return s.newGroupWork(r, gw), nil
}

// statementRow is a statement as the workspace lists it. Author and Body
// are empty when the meeting is held without attribution.
type statementRow struct {
	S          *domain.Statement
	Totals     domain.VoteFigures
	Author     string
	Body       string
	Source     string // the title of the contribution it was drawn from
	MergedInto string // the text of the statement it was merged into
}

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
	f := statementForm{}
	if src := r.URL.Query().Get("source"); src != "" {
		gw, err := s.loadGroupWork(r, r.PathValue("id"), r.URL.Query().Get("part"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if gw.CanAdd {
			c, err := s.delib.Source(r.Context(), actor(r), deliberation.SourceInput{GroupID: gw.Group.ID, SourceID: src})
			if err != nil {
				s.fail(w, r, err)
				return
			}
			f = statementForm{Text: statementFromInput(c), Kind: string(c.Kind), Lang: c.Lang, Source: c.ID, SourceTitle: c.Title}
		}
	}
	s.renderWorkspace(w, r, http.StatusOK, r.URL.Query().Get("part"), f, nil)
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

// renderWorkspace shows the workspace of the request's group in part
// partID with the statement form f and, when a form failed, its error.
func (s *Server) renderWorkspace(w http.ResponseWriter, r *http.Request, status int, partID string, f statementForm, formErr error) {
	ws, err := s.delib.Workspace(r.Context(), actor(r), deliberation.WorkspaceInput{GroupID: r.PathValue("id"), PartID: partID, Lang: langOf(r.Context())})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gw := s.newGroupWork(r, ws.GroupWork)
	v := workspaceView{W: gw, Form: f, Kinds: domain.ContributionKinds, Langs: domain.Locales, NonAttribution: gw.Meeting.NonAttribution, Members: ws.Members}
	row := func(st *domain.Statement) statementRow {
		sr := statementRow{S: st, Totals: ws.Totals[st.ID], Source: ws.Sources[st.SourceID]}
		if m, ok := ws.Authors[st.AuthorID]; ok {
			sr.Author, sr.Body = m.UserName, m.BodyName
		}
		return sr
	}
	for _, st := range ws.Standing {
		v.Statements = append(v.Statements, row(st))
		v.Partners = v.Partners || st.ByPartner
	}
	for _, st := range ws.Merged {
		sr := row(st)
		sr.MergedInto = ws.Texts[st.MergedInto]
		v.Merged = append(v.Merged, sr)
	}
	for _, m := range ws.Merges {
		v.Merges = append(v.Merges, mergeRow{M: m, Into: ws.Texts[m.IntoID], From: ws.Texts[m.FromID], MergedBy: ws.Mergers[m.MergedBy].UserName})
	}
	v.InputsTotal = ws.InputsTotal
	for _, c := range ws.Inputs {
		v.Inputs = append(v.Inputs, inputRow{C: c, Used: ws.Used[c.ID]})
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("breakout.title", pg.Text(gw.Group, "name").Text)
	if formErr != nil {
		if !pg.fieldErrors(formErr) {
			pg.FormError = pg.message(formErr)
		}
	}
	s.render(w, r, status, "breakout", pg)
}

// addStatement adds a statement to the group's conversation in the chosen
// part: typed by a member, or drawn from an input of the region (source).
// The language is the one chosen, or told from the text when the form
// says "detect" (see [deliberation.Service.AddStatement]).
func (s *Server) addStatement(w http.ResponseWriter, r *http.Request) {
	groupID, partID := r.PathValue("id"), r.PostFormValue("part")
	f := statementForm{Text: r.PostFormValue("text"), Kind: r.PostFormValue("kind"), Lang: r.PostFormValue("lang"),
		Source: r.PostFormValue("source"), Next: r.PostFormValue("next")}
	a := actor(r)
	st, err := s.delib.AddStatement(r.Context(), a, deliberation.StatementInput{GroupID: groupID, PartID: partID,
		Kind: domain.ContributionKind(f.Kind), Text: f.Text, Lang: f.Lang, SourceID: f.Source})
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			s.fail(w, r, err)
			return
		}
		if f.Source != "" {
			if c, err := s.delib.Source(r.Context(), a, deliberation.SourceInput{GroupID: groupID, SourceID: f.Source}); err == nil {
				f.SourceTitle = c.Title
			}
		}
		s.renderWorkspace(w, r, http.StatusUnprocessableEntity, partID, f, err)
		return
	}
	next := "/groups/" + st.GroupID
	if st.PartID != "" {
		next += "?part=" + url.QueryEscape(st.PartID)
	}
	if f.Next != "" {
		next = safeNext(f.Next)
	}
	s.redirect(w, r, next, "statement.added_"+st.Lang)
}
