package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// The outcome document's pages (docs/OUTCOME.md, "Pages"): the document
// with what the person may do with it, its versions and their
// differences, the amendments and their record, translations, and the
// public page of a published document.

// outcomeView is the outcome page's data.
type outcomeView struct {
	*outcome.Overview
	// Numbers are the paragraphs' numbers in the version shown.
	Numbers map[string]int
	// Latest is true when the version shown is the latest one.
	Latest bool
	// Editable is true when the secretariat may change the version shown
	// (the latest, a draft not open for amendments).
	Editable bool
	// Amendable is true when the person may propose amendments now.
	Amendable bool
	// ByBlock lists the open round's amendments of each block.
	ByBlock map[string][]*store.OutcomeAmendment
	// Edit is the key of the section whose form is open, with the form's
	// fields (refilled after a refused save) and, after a conflict, the
	// section as saved since.
	Edit     string
	Form     *sectionForm
	Conflict *domain.OutcomeSection
	// MinDeadline is the earliest deadline the round form offers.
	Ops       []store.AmendmentOp
	Decisions []outcome.Decision
}

// sectionForm is the edit form of one section.
type sectionForm struct {
	Key     string
	Version int
	Heading string
	Blocks  []blockForm
}

// blockForm is one block of the section form.
type blockForm struct {
	Index int
	ID    string
	Kind  domain.BlockKind
	Text  string
	Rows  string // a table's rows, one a line, cells separated by "|"
}

// BlockKinds lists the kinds a block of the form may take.
func (sectionForm) BlockKinds() []domain.BlockKind { return domain.BlockKinds }

// newSectionForm is the form of section sec of version n.
func newSectionForm(sec domain.OutcomeSection, n int) *sectionForm {
	f := &sectionForm{Key: sec.Key, Version: n, Heading: sec.Heading}
	for i, b := range sec.Blocks {
		f.Blocks = append(f.Blocks, blockForm{Index: i, ID: b.ID, Kind: b.Kind, Text: b.Text, Rows: formatRows(b.Rows)})
	}
	return f
}

// Section returns the section of the version shown whose key is key.
func (v *outcomeView) Section(key string) *domain.OutcomeSection {
	if v.Text == nil {
		return nil
	}
	for i := range v.Text.Text.Sections {
		if v.Text.Text.Sections[i].Key == key {
			return &v.Text.Text.Sections[i]
		}
	}
	return nil
}

// FormFor returns the open form of section key, or nil.
func (v *outcomeView) FormFor(key string) *sectionForm {
	if v.Edit != key || !v.Editable {
		return nil
	}
	if v.Form != nil {
		return v.Form
	}
	if sec := v.Section(key); sec != nil {
		return newSectionForm(*sec, v.Text.Version.Number)
	}
	return nil
}

// StatusKey is the catalogue key of the document's state.
func (v *outcomeView) StatusKey() string { return "export.outcome.status." + string(v.Status) }

// Open is true while a round of amendments is open.
func (v *outcomeView) Open() bool { return v.Status == domain.OutcomeOpen }

// Own reports whether the person speaks for the delegation of am.
func (v *outcomeView) Own(am *store.OutcomeAmendment) bool {
	_, ok := v.Bodies[am.BodyID]
	return ok
}

// SupportBodies returns the person's delegations that may support am
// now: it awaits its decision in the open round, and it is neither theirs
// nor supported by them yet.
func (v *outcomeView) SupportBodies(am *store.OutcomeAmendment) []string {
	if !v.Amendable || am.Status != store.AmendmentProposed || am.Round != v.Document.Round {
		return nil
	}
	var out []string
	for _, b := range v.Can.Bodies {
		if b != am.BodyID && !slices.ContainsFunc(am.Supports, func(s store.OutcomeSupport) bool { return s.BodyID == b }) {
			out = append(out, b)
		}
	}
	return out
}

// Decidable reports whether the person may decide am now.
func (v *outcomeView) Decidable(am *store.OutcomeAmendment) bool {
	return v.Can.Decide && v.Open() && am.Status == store.AmendmentProposed && am.Round == v.Document.Round
}

// Withdrawable reports whether the person may withdraw am now.
func (v *outcomeView) Withdrawable(am *store.OutcomeAmendment) bool {
	return v.Open() && am.Status == store.AmendmentProposed && am.Round == v.Document.Round && v.Own(am)
}

// Number returns the number of the paragraph id in the version shown (0:
// none, or not a paragraph).
func (v *outcomeView) Number(id string) int { return v.Numbers[id] }

// SectionAction is where the section form posts; the form's template is
// shared with the review report's page, which posts elsewhere.
func (v *outcomeView) SectionAction() string { return "/meetings/" + v.Meeting.ID + "/outcome/section" }

// SectionCancel is where the section form's cancel link goes.
func (v *outcomeView) SectionCancel() string { return "/meetings/" + v.Meeting.ID + "/outcome" }

// Doc is the version shown, as the blocks' template reads it.
func (v *outcomeView) Doc() docText { return docText{Text: v.Text, Numbers: v.Numbers} }

// docText is a version of the document in a language as a page shows it
// (the outcome page and the public page).
type docText struct {
	Text    *outcome.Text
	Numbers map[string]int
}

// Number returns the number of the paragraph id (0: not a paragraph).
func (d docText) Number(id string) int { return d.Numbers[id] }

// BlockLang returns the language a block (or title, heading) is shown
// in: the original's when it is not translated.
func (d docText) BlockLang(id string) string {
	if b, ok := d.Text.Blocks[id]; ok && !b.Translated {
		return d.Text.Document.Lang
	}
	return d.Text.Lang
}

// Untranslated reports whether the block id is shown in the original for
// want of a translation.
func (d docText) Untranslated(id string) bool {
	if d.Text.Lang == d.Text.Document.Lang {
		return false
	}
	b, ok := d.Text.Blocks[id]
	return ok && !b.Translated
}

// Stale reports whether the translation of block id was made from
// another original.
func (d docText) Stale(id string) bool { return d.Text.Blocks[id].Stale }

// overviewInput reads the version and language the page asks for.
func overviewInput(r *http.Request) outcome.OverviewInput {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("v"))
	return outcome.OverviewInput{MeetingID: r.PathValue("id"), Version: max(n, 0), Lang: q.Get("lang")}
}

// showOutcome is the outcome document's page.
func (s *Server) showOutcome(w http.ResponseWriter, r *http.Request) {
	ov, err := s.outcomes.Overview(r.Context(), actor(r), overviewInput(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, v := s.outcomePage(r, ov)
	v.Edit = r.URL.Query().Get("edit")
	s.render(w, r, http.StatusOK, "outcome", pg)
}

// outcomePage makes the outcome page's view of ov.
func (s *Server) outcomePage(r *http.Request, ov *outcome.Overview) (*Page, *outcomeView) {
	v := &outcomeView{Overview: ov, ByBlock: map[string][]*store.OutcomeAmendment{}, Ops: outcome.AmendmentOps,
		Decisions: []outcome.Decision{outcome.Accept, outcome.AcceptWithChanges, outcome.Reject}}
	if d, t := ov.Document, ov.Text; d != nil && t != nil {
		v.Numbers = t.Text.Numbers()
		v.Latest = t.Version.Number == d.Latest
		v.Editable = ov.Can.Draft && v.Latest && d.Status == domain.OutcomeDraft
		v.Amendable = d.Status == domain.OutcomeOpen && len(ov.Can.Bodies) > 0 && time.Now().Before(d.Deadline)
		if ov.Record != nil && d.Status == domain.OutcomeOpen {
			for _, am := range ov.Record.Amendments {
				if am.Round == d.Round {
					v.ByBlock[am.BlockID] = append(v.ByBlock[am.BlockID], am)
				}
			}
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("outcome.page.title", ov.Meeting.Name())
	return pg, v
}

// outcomeFailure answers a refused change of the outcome document: the
// page again with the message (and fill's changes to it) when the person
// can act on it (a field, a conflict), the error page otherwise.
func (s *Server) outcomeFailure(w http.ResponseWriter, r *http.Request, err error, fill func(v *outcomeView)) {
	code := domain.ErrorCode(err)
	if code != domain.EINVALID && code != domain.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	ov, rerr := s.outcomes.Overview(r.Context(), actor(r), outcome.OverviewInput{MeetingID: r.PathValue("id")})
	if rerr != nil {
		s.fail(w, r, rerr)
		return
	}
	pg, v := s.outcomePage(r, ov)
	if fill != nil {
		fill(v)
	}
	status := http.StatusConflict
	if pg.fieldErrors(err) {
		status = http.StatusUnprocessableEntity
	} else {
		pg.FormError = pg.message(err)
	}
	s.render(w, r, status, "outcome", pg)
}

// outcomeURL is the outcome page of a meeting, with a fragment.
func outcomeURL(meetingID, fragment string) string {
	return "/meetings/" + meetingID + "/outcome" + fragment
}

// draftOutcome makes the first draft from the meeting.
func (s *Server) draftOutcome(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.outcomes.Draft(r.Context(), actor(r), outcome.DraftInput{MeetingID: id, Lang: r.PostFormValue("lang")}); err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(id, ""), "outcome.page.drafted")
}

// sectionRef reads the section and version a form names.
func sectionRef(r *http.Request) (outcome.SectionInput, error) {
	n, err := formInt(r, "version")
	return outcome.SectionInput{MeetingID: r.PathValue("id"), Key: r.PostFormValue("key"), Version: n}, err
}

// regenerateOutcomeSection makes a generated section again from the
// synthesis.
func (s *Server) regenerateOutcomeSection(w http.ResponseWriter, r *http.Request) {
	in, err := sectionRef(r)
	if err == nil {
		_, err = s.outcomes.Regenerate(r.Context(), actor(r), in)
	}
	if err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(in.MeetingID, "#"+sectionAnchor(in.Key)), "outcome.page.regenerated")
}

// freezeOutcomeSection freezes a generated section.
func (s *Server) freezeOutcomeSection(w http.ResponseWriter, r *http.Request) {
	in, err := sectionRef(r)
	if err == nil {
		_, err = s.outcomes.Freeze(r.Context(), actor(r), in)
	}
	if err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(in.MeetingID, "#"+sectionAnchor(in.Key)), "outcome.page.frozen")
}

// sectionAnchor is the fragment of a section's heading: its key, with
// the characters a fragment reads badly replaced.
func sectionAnchor(key string) string {
	return "s-" + strings.NewReplacer(":", "-", " ", "-", "#", "-").Replace(key)
}

// editOutcomeSection saves the edit of one section. A form read from an
// older version is a conflict: the page shows the section as saved since
// beside the person's text, which is kept in the form.
func (s *Server) editOutcomeSection(w http.ResponseWriter, r *http.Request) {
	f, in, index, err := parseSectionForm(r)
	if err == nil {
		_, err = s.outcomes.EditSection(r.Context(), actor(r), in)
	}
	if err != nil {
		err = formFieldErrors(err, index)
		s.outcomeFailure(w, r, err, func(v *outcomeView) {
			v.Edit, v.Form = f.Key, f
			if domain.ErrorCode(err) == domain.ECONFLICT && v.Text != nil && v.Text.Version.Number != f.Version {
				v.Conflict = v.Section(f.Key)
				f.Version = v.Text.Version.Number
			}
		})
		return
	}
	s.redirect(w, r, outcomeURL(in.MeetingID, "#"+sectionAnchor(in.Key)), "flash.saved")
}

// parseSectionForm reads a section's form: the blocks in the order of
// their "block" fields, a block left empty removed, the new block's slot
// added when it has text. index maps a block of the edit to its form
// field's index, for the error messages.
func parseSectionForm(r *http.Request) (*sectionForm, outcome.SectionEdit, []int, error) {
	n, err := formInt(r, "version")
	f := &sectionForm{Key: r.PostFormValue("key"), Version: n, Heading: r.PostFormValue("heading")}
	in := outcome.SectionEdit{MeetingID: r.PathValue("id"), Version: n, Key: f.Key, Heading: f.Heading}
	var index []int
	for i := range r.PostForm["block"] {
		at := strconv.Itoa(i)
		b := blockForm{Index: i, ID: r.PostFormValue("id." + at), Kind: domain.BlockKind(r.PostFormValue("kind." + at)),
			Text: r.PostFormValue("text." + at), Rows: r.PostFormValue("rows." + at)}
		f.Blocks = append(f.Blocks, b)
		rows := parseRows(b.Rows)
		if strings.TrimSpace(b.Text) == "" && len(rows) == 0 {
			continue
		}
		if b.Kind == "" {
			b.Kind = domain.BlockParagraph
		}
		in.Blocks = append(in.Blocks, domain.OutcomeBlock{ID: b.ID, Kind: b.Kind, Text: b.Text, Rows: rows})
		index = append(index, i)
	}
	return f, in, index, err
}

// formFieldErrors renames the errors of the edit's blocks ("blocks.2.text")
// by the form's fields ("text.5").
func formFieldErrors(err error, index []int) error {
	list, ok := err.(domain.Errors)
	if !ok {
		return err
	}
	out := make(domain.Errors, len(list))
	for i, e := range list {
		c := *e
		if parts := strings.SplitN(c.Field, ".", 3); len(parts) == 3 && parts[0] == "blocks" {
			if j, err := strconv.Atoi(parts[1]); err == nil && j < len(index) {
				field, _, _ := strings.Cut(parts[2], ".")
				c.Field = field + "." + strconv.Itoa(index[j])
			}
		}
		out[i] = &c
	}
	return out
}

// parseRows reads a table's rows: one a line, cells separated by "|"
// ("\|" for a bar in a cell); blank lines are left out.
func parseRows(s string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var cells []string
		var cell strings.Builder
		for i := 0; i < len(line); i++ {
			switch {
			case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
				cell.WriteByte('|')
				i++
			case line[i] == '|':
				cells = append(cells, strings.TrimSpace(cell.String()))
				cell.Reset()
			default:
				cell.WriteByte(line[i])
			}
		}
		rows = append(rows, append(cells, strings.TrimSpace(cell.String())))
	}
	return rows
}

// formatRows writes a table's rows as parseRows reads them.
func formatRows(rows [][]string) string {
	var b strings.Builder
	for _, row := range rows {
		for i, c := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(strings.ReplaceAll(c, "|", `\|`))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// versionNote says in words what made a version ("draft", "edit",
// "regenerate:KEY", "freeze:KEY", "amendments:ROUND").
func versionNote(p *Page, note string) string {
	kind, rest, _ := strings.Cut(note, ":")
	switch kind {
	case "draft", "edit", "regenerate", "freeze":
		return p.T("outcome.note." + kind)
	case "amendments":
		n, _ := strconv.Atoi(rest)
		return p.T("outcome.note.amendments", n)
	}
	return note
}

// outcomeStatuses returns the state of the outcome document of every
// meeting the person may see, by meeting ID.
func (s *Server) outcomeStatuses(r *http.Request) (map[string]domain.OutcomeStatus, error) {
	ms, err := s.outcomes.Meetings(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := make(map[string]domain.OutcomeStatus, len(ms))
	for _, m := range ms {
		out[m.ID] = m.Outcome
	}
	return out, nil
}
