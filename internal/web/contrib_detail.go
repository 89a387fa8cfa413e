package web

import (
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/contribution"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// The detail page of a contribution and what is done from it: workflow
// steps, translations, documents, versions and the audit trail.

// visibleContribution loads a contribution with its meeting, or ENOTFOUND
// when the actor may not see it, so that its existence does not leak.
func (s *Server) visibleContribution(r *http.Request, id string) (*domain.Contribution, *domain.Meeting, error) {
	a, err := loggedIn(r)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.db.Contribution(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.db.Meeting(r.Context(), c.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanViewContribution(m.ProcessID, c) {
		return nil, nil, domain.NotFound("contribution")
	}
	return c, m, nil
}

type translationView struct {
	domain.Translation
	LangName string
}

type stepView struct {
	Step, Label, Hint string
	Reason, Confirm   bool // the step asks for a reason, or for a confirmation
	Danger            bool
}

type auditRow struct {
	At, Who, What, Detail string
}

type contribDetailView struct {
	C            *domain.Contribution
	Meeting      *domain.Meeting
	Item         contribItem
	Author       string // the author's name, when attributed
	Question     string
	Tags         []tagView
	Practice     bool
	Translations []translationView
	Steps        []stepView
	CanEdit      bool
	CanTranslate bool
	CanVersions  bool
	CanManage    bool
	TransLangs   []optionView // languages a translation may be in
	TransForm    domain.Translation
	TransError   bool
	Audit        []auditRow
	Detected     string
	Attachments  []attachmentView
	Endorse      *endorseSection // good practices only
	Partnerships *partnershipSection
	// Commitments are those made from it; CanCommit says the actor may
	// make one from it.
	Commitments []*domain.Commitment
	CanCommit   bool
}

type attachmentView struct {
	ID, Name, Size string
}

// sizeText writes a document's size for people.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func (s *Server) showContribution(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.contribDetail(r, c, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contribution", pg)
}

// canTranslate: the author (while they may contribute) and whoever manages
// the meeting add translations, unless the contribution is withdrawn.
func canTranslate(a *domain.Actor, m *domain.Meeting, c *domain.Contribution) bool {
	if c.Status == domain.StatusWithdrawn {
		return false
	}
	return a.CanManageMeeting(m.ProcessID, m.ID) || (c.AuthorID != "" && a.LoggedIn() && a.User.ID == c.AuthorID && a.CanContribute(m.ProcessID, m.ID))
}

// canSeeVersions: the author and whoever manages the meeting; earlier
// versions may hold what was never published.
func canSeeVersions(a *domain.Actor, m *domain.Meeting, c *domain.Contribution) bool {
	return a.CanManageMeeting(m.ProcessID, m.ID) || (c.AuthorID != "" && a.LoggedIn() && a.User.ID == c.AuthorID)
}

func (s *Server) contribDetail(r *http.Request, c *domain.Contribution, m *domain.Meeting) (*Page, error) {
	ctx, a := r.Context(), actor(r)
	v := &contribDetailView{C: c, Meeting: m, Practice: c.Kind == domain.KindGoodPractice,
		CanEdit: a.CanEditContribution(m.ProcessID, c), CanTranslate: canTranslate(a, m, c),
		CanVersions: canSeeVersions(a, m, c), CanManage: a.CanManageMeeting(m.ProcessID, m.ID)}
	pg := s.page(r, c.Title, v)
	lb := s.labels(ctx, pg)
	lb.meetings[m.ID] = m
	if err := lb.loadTags(); err != nil {
		return nil, err
	}
	v.Item = lb.item(c, a, false)
	v.Tags = v.Item.Tags
	if v.Item.Attributed && c.AuthorID != "" {
		if u, err := s.db.UserByID(ctx, c.AuthorID); err == nil {
			v.Author = u.Name
		}
	}
	if c.QuestionID != "" {
		v.Question = lb.question(c.QuestionID)
	}
	if c.LangAuto != "" && c.LangAuto != c.Lang {
		v.Detected = langName(c.LangAuto)
	}
	v.Commitments, v.CanCommit = s.commitmentsOf(r, c, m.ProcessID)
	var err error
	if v.Endorse, err = s.endorsements(r, pg, c, m, nil); err != nil {
		return nil, err
	}
	if v.Partnerships, err = s.contributionPartnerships(ctx, a, m, c); err != nil {
		return nil, err
	}
	for _, at := range c.Attachments {
		v.Attachments = append(v.Attachments, attachmentView{ID: at.ID, Name: at.Name, Size: sizeText(at.Size)})
	}
	for _, t := range c.Translations {
		v.Translations = append(v.Translations, translationView{Translation: t, LangName: langName(t.Lang)})
	}
	for _, t := range domain.Transitions {
		if !a.CanTransition(m.ProcessID, c, t) {
			continue
		}
		st := stepView{Step: string(t), Label: pg.T("contrib.step." + string(t)), Hint: pg.T("contrib.step_hint." + string(t)),
			Reason: t == domain.TransReturn, Confirm: t == domain.TransWithdraw, Danger: t == domain.TransWithdraw}
		v.Steps = append(v.Steps, st)
	}
	for _, l := range locale.Languages {
		if l.Code != c.Lang {
			v.TransLangs = append(v.TransLangs, optionView{Value: l.Code, Label: l.Name, Lang: l.Code})
		}
	}
	if v.CanManage {
		evs, err := s.db.AuditEvents(ctx, store.AuditFilter{ObjectType: "contribution", ObjectID: c.ID, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			v.Audit = append(v.Audit, auditRowOf(pg, e, c, v.Item.Attributed))
		}
	}
	return pg, nil
}

// auditRowOf describes an event of a contribution's trail. The author's
// own steps taken under the non-attribution rule were stored without them
// (Concealed); those of an unattributed contribution taken before are not
// named either.
func auditRowOf(pg *Page, e domain.AuditEvent, c *domain.Contribution, attributed bool) auditRow {
	row := auditRow{At: pg.P.DateTime(e.At.UTC()), Who: e.ActorName}
	switch {
	case e.Concealed(), !attributed && e.ActorID != "" && e.ActorID == c.AuthorID:
		row.Who = pg.T("contrib.author_hidden")
	case row.Who == "":
		row.Who = pg.T("history.system")
	}
	key := "contrib.audit." + e.Action
	if pg.P.T(key) == key {
		key = "contrib.audit.other"
	}
	row.What = pg.T(key)
	var after struct {
		Reason string `json:"reason"`
		Name   string `json:"Name"`
	}
	_ = json.Unmarshal([]byte(e.After), &after)
	switch e.Action {
	case "return":
		row.Detail = after.Reason
	case "attach":
		row.Detail = after.Name
	case "detach":
		var before struct{ Name string }
		_ = json.Unmarshal([]byte(e.Before), &before)
		row.Detail = before.Name
	}
	return row
}

// transition takes a workflow step: submit, withdraw, reopen for the
// author; publish and return for the secretariat.
func (s *Server) transition(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := domain.Transition(r.PostFormValue("step"))
	if !slices.Contains(domain.Transitions, t) {
		s.fail(w, r, domain.Invalid("step", "contrib.unknown_step", "unknown workflow step"))
		return
	}
	version, err := formInt(r, "version")
	if err == nil {
		_, err = s.contribs.Transition(r.Context(), actor(r), contribution.TransitionInput{ID: c.ID, Version: version, Step: t, Reason: r.PostFormValue("reason"),
			ConfirmWithdrawal: true, Confirmed: formBool(r, "confirm")})
	}
	if err != nil {
		code := domain.ErrorCode(err)
		if code != domain.EINVALID && code != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		pg, perr := s.contribDetail(r, c, m)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		pg.fieldErrors(err)
		pg.FormError = pg.message(err)
		s.render(w, r, statusOf(err), "contribution", pg)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/contributions/" + c.ID
	}
	s.redirect(w, r, next, "contrib.flash_"+string(t))
}

// putTranslation adds or replaces the translation into one language.
func (s *Server) putTranslation(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canTranslate(actor(r), m, c) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	t := domain.Translation{Lang: r.PostFormValue("lang"), Title: r.PostFormValue("title"), Text: r.PostFormValue("text"),
		Translator: strings.TrimSpace(r.PostFormValue("translator"))}
	version, err := formInt(r, "version")
	if err == nil {
		_, err = s.db.PutTranslation(r.Context(), c.ID, version, t)
	}
	if err != nil {
		code := domain.ErrorCode(err)
		if code != domain.EINVALID && code != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		pg, perr := s.contribDetail(r, c, m)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		v := pg.Data.(*contribDetailView)
		v.TransForm, v.TransError = t, true
		for i := range v.TransLangs {
			v.TransLangs[i].Selected = v.TransLangs[i].Value == t.Lang
		}
		// The translation form's fields carry a "t-" prefix on the page.
		pg.fieldErrors(err)
		if pg.Errors != nil {
			pe := map[string]string{}
			for k, msg := range pg.Errors {
				pe["t-"+k] = msg
			}
			pg.Errors = pe
		}
		pg.FormError = pg.message(err)
		s.render(w, r, statusOf(err), "contribution", pg)
		return
	}
	s.redirect(w, r, "/contributions/"+c.ID+"#translations", "contrib.flash_translated")
}

// deleteTranslation removes the translation into one language once the
// confirmation box is ticked.
func (s *Server) deleteTranslation(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canTranslate(actor(r), m, c) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	version, err := formInt(r, "version")
	if err == nil && !formBool(r, "confirm") {
		err = domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion")
	}
	if err == nil {
		_, err = s.db.DeleteTranslation(r.Context(), c.ID, version, r.PathValue("lang"))
	}
	if err != nil {
		code := domain.ErrorCode(err)
		if code != domain.EINVALID && code != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		pg, perr := s.contribDetail(r, c, m)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		pg.FormError = pg.message(err)
		s.render(w, r, statusOf(err), "contribution", pg)
		return
	}
	s.redirect(w, r, "/contributions/"+c.ID+"#translations", "flash.deleted")
}

// attachmentOf loads an attachment's metadata and contribution, checking
// that the actor may see the contribution.
func (s *Server) attachmentOf(r *http.Request) (*domain.Attachment, []byte, *domain.Contribution, *domain.Meeting, error) {
	if _, err := loggedIn(r); err != nil {
		return nil, nil, nil, nil, err
	}
	at, cid, data, err := s.db.AttachmentData(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c, m, err := s.visibleContribution(r, cid)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = domain.NotFound("attachment")
		}
		return nil, nil, nil, nil, err
	}
	return at, data, c, m, nil
}

// downloadAttachment sends a document as a download, never shown inline,
// with the type it was checked to be.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	at, data, _, _, err := s.attachmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", at.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": at.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

func (s *Server) confirmDeleteAttachment(w http.ResponseWriter, r *http.Request) {
	at, _, c, m, err := s.attachmentOf(r)
	if err == nil && !actor(r).CanEditContribution(m.ProcessID, c) {
		err = domain.Forbidden()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("contrib.attachment_delete")
	pg.Data = confirmView{Question: pg.T("contrib.attachment_delete_confirm", at.Name, c.Title), Action: "/attachments/" + at.ID + "/delete",
		Back: "/contributions/" + c.ID}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

func (s *Server) deleteAttachment(w http.ResponseWriter, r *http.Request) {
	at, _, c, m, err := s.attachmentOf(r)
	if err == nil && !actor(r).CanEditContribution(m.ProcessID, c) {
		err = domain.Forbidden()
	}
	if err == nil && !formBool(r, "confirm") {
		err = domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion")
	}
	if err == nil {
		err = s.db.DeleteAttachment(r.Context(), at.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/contributions/"+c.ID+"#attachments", "flash.deleted")
}

type versionRow struct {
	Version int
	Who, At string
	URL     string
	Current bool
}

type versionsView struct {
	C        *domain.Contribution
	Versions []versionRow
}

// versionsOf loads a contribution whose versions the actor may read.
func (s *Server) versionsOf(r *http.Request) (*domain.Contribution, *domain.Meeting, error) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if !canSeeVersions(actor(r), m, c) {
		return nil, nil, domain.Forbidden()
	}
	return c, m, nil
}

func (s *Server) contributionVersions(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.versionsOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.db.ContributionVersions(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &versionsView{C: c}
	pg := s.page(r, "", v)
	pg.Title = pg.T("contrib.versions_title", c.Title)
	attributed := domain.Attributed(c, actor(r))
	for _, ver := range vs {
		v.Versions = append(v.Versions, versionRow{Version: ver.Version, Who: versionWho(pg, ver, c, attributed), At: pg.P.DateTime(ver.At.UTC()),
			URL: "/contributions/" + c.ID + "/versions/" + strconv.Itoa(ver.Version), Current: ver.Version == c.Version})
	}
	s.render(w, r, http.StatusOK, "contribution_versions", pg)
}

func versionWho(pg *Page, v domain.ContributionVersion, c *domain.Contribution, attributed bool) string {
	switch {
	case !attributed && v.ActorID != "" && v.ActorID == c.AuthorID:
		return pg.T("contrib.author_hidden")
	case v.ActorName == "":
		return pg.T("history.system")
	}
	return v.ActorName
}

// fieldRow is one field of a version, with what it was in the version
// before when it changed.
type fieldRow struct {
	Label, Value, Before string
	Changed              bool
}

type versionView struct {
	C              *domain.Contribution
	Old            *domain.Contribution
	Version        int
	Who, At        string
	Fields         []fieldRow
	Prev, Next     string
	Back           string
	ChangedCount   int
	FirstVersion   bool
	PrevVersionNum int
}

func (s *Server) contributionVersion(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.versionsOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		s.fail(w, r, domain.NotFound("version"))
		return
	}
	old, ver, err := s.db.ContributionVersion(r.Context(), c.ID, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var prev *domain.Contribution
	if n > 1 {
		if p, _, err := s.db.ContributionVersion(r.Context(), c.ID, n-1); err == nil {
			prev = p
		}
	}
	a := actor(r)
	attributed := domain.Attributed(c, a)
	v := &versionView{C: c, Old: old, Version: n, At: s.cat.Printer(langOf(r.Context())).DateTime(ver.At.UTC()), Back: "/contributions/" + c.ID + "/versions",
		FirstVersion: prev == nil, PrevVersionNum: n - 1}
	pg := s.page(r, "", v)
	pg.Title = pg.T("contrib.version_title", n, c.Title)
	v.Who = versionWho(pg, *ver, c, attributed)
	lb := s.labels(r.Context(), pg)
	lb.meetings[m.ID] = m
	if err := lb.loadTags(); err != nil {
		s.fail(w, r, err)
		return
	}
	cur := versionFields(lb, old, attributed)
	var before []fieldRow
	if prev != nil {
		before = versionFields(lb, prev, attributed)
	}
	for i, f := range cur {
		if prev != nil && before[i].Value != f.Value {
			f.Changed, f.Before = true, before[i].Value
			v.ChangedCount++
		}
		v.Fields = append(v.Fields, f)
	}
	base := "/contributions/" + c.ID + "/versions/"
	if n > 1 {
		v.Prev = base + strconv.Itoa(n-1)
	}
	if n < c.Version {
		v.Next = base + strconv.Itoa(n+1)
	}
	s.render(w, r, http.StatusOK, "contribution_version", pg)
}

// versionFields lists a saved state's fields in a fixed order, so that two
// versions compare field by field.
func versionFields(lb *labels, c *domain.Contribution, attributed bool) []fieldRow {
	pg := lb.pg
	var tags []string
	for _, t := range lb.tagList(c.Tags) {
		tags = append(tags, t.Code+" "+t.Short)
	}
	var trans []string
	for _, t := range c.Translations {
		trans = append(trans, langName(t.Lang)+": "+t.Title+"\n"+t.Text)
	}
	body := ""
	if b := lb.body(c.BodyID); b != nil {
		body = b.Name
		if !attributed {
			body = lb.anonymous(c.MeetingID, b)
		}
	}
	question := ""
	if c.QuestionID != "" {
		question = lb.question(c.QuestionID)
	}
	practice := ""
	if c.Practice != "" {
		practice = lb.practice(c.Practice)
	}
	rows := []fieldRow{
		{Label: pg.T("contrib.field.status"), Value: lb.status(c.Status)},
		{Label: pg.T("contrib.field.kind"), Value: lb.kind(c.Kind)},
		{Label: pg.T("contrib.field.practice_type"), Value: practice},
		{Label: pg.T("contrib.field.title"), Value: c.Title},
		{Label: pg.T("contrib.field.text"), Value: c.Text},
		{Label: pg.T("contrib.field.body"), Value: body},
		{Label: pg.T("contrib.field.question"), Value: question},
		{Label: pg.T("contrib.field.regions"), Value: strings.Join(c.Regions, "; ")},
		{Label: pg.T("contrib.field.countries"), Value: strings.Join(c.Countries, ", ")},
		{Label: pg.T("contrib.field.tags"), Value: strings.Join(tags, "; ")},
		{Label: pg.T("contrib.field.lang"), Value: langName(c.Lang)},
		{Label: pg.T("contrib.field.where"), Value: c.Where},
		{Label: pg.T("contrib.field.implementer"), Value: c.Implementer},
		{Label: pg.T("contrib.field.partners"), Value: c.Partners},
		{Label: pg.T("contrib.field.period_from"), Value: c.PeriodFrom},
		{Label: pg.T("contrib.field.period_to"), Value: c.PeriodTo},
		{Label: pg.T("contrib.field.results"), Value: c.Results},
		{Label: pg.T("contrib.field.replicability"), Value: c.Replicability},
		{Label: pg.T("contrib.field.links"), Value: strings.Join(c.Links, "\n")},
		{Label: pg.T("contrib.field.reason"), Value: c.ReturnReason},
		{Label: pg.T("contrib.field.translations"), Value: strings.Join(trans, "\n\n")},
	}
	return rows
}
