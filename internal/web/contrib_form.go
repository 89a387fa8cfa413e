package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// The submission form: new contributions and edits, drafts and
// submissions, with documents attached in the same request.

type optionView struct {
	Value, Label, Lang string
	Selected           bool
}

// tagGroup is one group of checkboxes of the form: a framework's
// objectives, its principles, or an imported framework's items.
type tagGroup struct {
	ID, Legend string
	Items      []tagOption
	Open       bool
}

type tagOption struct {
	tagView
	Checked bool
}

type contribFormView struct {
	Meeting      *domain.Meeting
	C            *domain.Contribution
	Action       string
	Cancel       string
	New          bool
	CanSubmit    bool // the submit button is offered
	Kinds        []optionView
	Practices    []optionView
	Bodies       []optionView
	NoBody       bool   // the actor submits on behalf of no body
	HiddenBody   string // without attribution: the body's kind and region, shown instead of the choice
	Questions    []optionView
	TagGroups    []tagGroup
	Languages    []optionView
	Detected     string // name of the language detected from the text
	Regions      string
	Countries    string
	Links        string
	Attachments  []domain.Attachment
	Accept       string
	MaxMB        int
	MaxFiles     int
	ReloadFiles  bool // files chosen before an error must be chosen again
	GoodPractice bool
}

// formMeeting checks that the actor may contribute to a meeting and
// returns it with its process ID.
func (s *Server) formMeeting(r *http.Request, id string) (*domain.Meeting, error) {
	sc, err := s.scope(r, "meeting", id, false)
	if err != nil {
		return nil, err
	}
	if !actor(r).CanContribute(sc.ProcessID, id) {
		return nil, domain.Forbidden()
	}
	return s.db.Meeting(r.Context(), id)
}

func (s *Server) newContribution(w http.ResponseWriter, r *http.Request) {
	m, err := s.formMeeting(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindGoodPractice}
	pg, err := s.contribForm(r, m, c, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := pg.Data.(*contribFormView)
	if !v.NoBody {
		// Prefill the regions from the body the form proposes first.
		if b, err := s.db.Body(r.Context(), v.Bodies[0].Value); err == nil && b.Region != "" {
			v.Regions = b.Region
		}
	}
	s.render(w, r, http.StatusOK, "contribution_form", pg)
}

// contribForm builds the form's page for c.
func (s *Server) contribForm(r *http.Request, m *domain.Meeting, c *domain.Contribution, isNew bool) (*Page, error) {
	ctx, a := r.Context(), actor(r)
	v := &contribFormView{Meeting: m, C: c, New: isNew, Accept: store.AttachmentExtensions, MaxMB: domain.MaxAttachmentBytes >> 20,
		MaxFiles: domain.MaxAttachments, Regions: strings.Join(c.Regions, "; "), Countries: strings.Join(c.Countries, ", "),
		Links: strings.Join(c.Links, "\n"), Attachments: c.Attachments, GoodPractice: c.Kind == domain.KindGoodPractice}
	if r.Method == http.MethodPost {
		// Show the lists as they were typed, not as they were understood.
		v.Regions, v.Countries, v.Links = r.PostFormValue("regions"), r.PostFormValue("countries"), r.PostFormValue("links")
	}
	pg := s.page(r, "", v)
	if isNew {
		pg.Title = pg.T("contrib.new_title")
		v.Action, v.Cancel = "/meetings/"+m.ID+"/contributions", "/meetings/"+m.ID+"/contributions"
		v.CanSubmit = true
	} else {
		pg.Title = pg.T("contrib.edit_title")
		v.Action, v.Cancel = "/contributions/"+c.ID, "/contributions/"+c.ID
		v.CanSubmit = a.CanTransition(m.ProcessID, c, domain.TransSubmit)
	}
	lb := s.labels(ctx, pg)
	for _, k := range domain.ContributionKinds {
		v.Kinds = append(v.Kinds, optionView{Value: string(k), Label: lb.kind(k), Selected: k == c.Kind})
	}
	for _, p := range domain.PracticeTypes {
		v.Practices = append(v.Practices, optionView{Value: string(p), Label: lb.practice(p), Selected: p == c.Practice})
	}
	bodies, err := s.formBodies(r, m, c)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		v.Bodies = append(v.Bodies, optionView{Value: b.ID, Label: b.Name, Selected: b.ID == c.BodyID})
	}
	_, all := a.ContributeBodies(m.ProcessID, m.ID)
	v.NoBody = all || len(v.Bodies) == 0
	if !isNew && !domain.Attributed(c, a) {
		// The secretariat edits without learning who submitted it.
		v.Bodies, v.HiddenBody = nil, lb.anonymous(m.ID, lb.body(c.BodyID))
		if v.HiddenBody == "" {
			v.HiddenBody = pg.T("contrib.no_body_hidden")
		}
	}
	qs, err := lb.loadQuestions(m.ID)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		v.Questions = append(v.Questions, optionView{Value: q.ID, Label: questionLabel(q), Selected: q.ID == c.QuestionID})
	}
	if err := lb.loadTags(); err != nil {
		return nil, err
	}
	v.TagGroups = tagGroups(lb, pg, c.Tags)
	for _, l := range locale.Languages {
		v.Languages = append(v.Languages, optionView{Value: l.Code, Label: l.Name, Lang: l.Code, Selected: l.Code == c.Lang})
	}
	if c.LangAuto != "" {
		v.Detected = langName(c.LangAuto)
	}
	return pg, nil
}

// tagGroups groups the framework items for checkboxes: the built-in
// framework's objectives and principles, then each imported framework.
func tagGroups(lb *labels, pg *Page, checked []string) []tagGroup {
	var out []tagGroup
	for _, fw := range lb.fws {
		groups := map[string]*tagGroup{}
		var order []string
		for _, it := range fw.Items {
			key := fw.ID
			legend := fw.Name
			if fw.Builtin && (it.Kind == "objective" || it.Kind == "principle") {
				key += "-" + it.Kind
				legend = pg.T("contrib.tags_" + it.Kind + "s")
			}
			g, ok := groups[key]
			if !ok {
				g = &tagGroup{ID: "tags-" + key, Legend: legend, Open: fw.Builtin}
				groups[key] = g
				order = append(order, key)
			}
			tv := lb.tags[it.ID]
			on := slices.Contains(checked, it.ID)
			g.Open = g.Open || on
			g.Items = append(g.Items, tagOption{tagView: tv, Checked: on})
		}
		for _, k := range order {
			out = append(out, *groups[k])
		}
	}
	return out
}

// formBodies returns the bodies the actor may submit for, with the
// contribution's present body kept even when the actor may not choose it
// (the secretariat editing someone else's contribution keeps it).
func (s *Server) formBodies(r *http.Request, m *domain.Meeting, c *domain.Contribution) ([]*domain.Body, error) {
	ids, all := actor(r).ContributeBodies(m.ProcessID, m.ID)
	var out []*domain.Body
	if all {
		bs, _, err := s.db.Bodies(r.Context(), store.BodyFilter{Limit: 500})
		if err != nil {
			return nil, err
		}
		out = bs
	} else {
		for _, id := range ids {
			b, err := s.db.Body(r.Context(), id)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	if c.BodyID != "" && !slices.ContainsFunc(out, func(b *domain.Body) bool { return b.ID == c.BodyID }) {
		if b, err := s.db.Body(r.Context(), c.BodyID); err == nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// contribFromForm reads the form's fields into c.
func contribFromForm(r *http.Request, c *domain.Contribution) {
	f := func(name string) string { return r.PostFormValue(name) }
	c.Kind = domain.ContributionKind(f("kind"))
	c.Practice = domain.PracticeType(f("practice_type"))
	c.Title, c.Text = f("title"), f("text")
	c.BodyID, c.QuestionID, c.Lang = f("body"), f("question"), f("lang")
	c.Regions = splitRegions(f("regions"))
	c.Countries = formList(strings.ToUpper(f("countries")))
	c.Tags = nil
	for _, t := range r.PostForm["tags"] {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(c.Tags, t) {
			c.Tags = append(c.Tags, t)
		}
	}
	c.Where, c.Implementer, c.Partners = f("where"), f("implementer"), f("partners")
	c.PeriodFrom, c.PeriodTo = strings.TrimSpace(f("period_from")), strings.TrimSpace(f("period_to"))
	c.Results, c.Replicability = f("results"), f("replicability")
	c.Links = nil
	for _, l := range strings.Split(f("links"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			c.Links = append(c.Links, l)
		}
	}
}

// splitRegions splits the regions field on semicolons and new lines, not
// on commas or spaces: region names have both ("Eastern, Southern Africa").
func splitRegions(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// upload is a document sent with the form, already checked.
type upload struct {
	name string
	data []byte
}

// parseContribForm parses a multipart (or plain) form and reads and
// checks the attached documents. A request larger than the server accepts
// is reported on the file field.
func parseContribForm(r *http.Request) ([]upload, error) {
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, domain.Invalid("file", "contrib.upload_too_large", "the documents are larger than the server accepts at once")
	case err != nil && !errors.Is(err, http.ErrNotMultipart):
		return nil, domain.Invalid("file", "contrib.upload_failed", "the documents could not be read: %v", err)
	}
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []upload
	var errs domain.Errors
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		data, err := readUpload(fh)
		if err != nil {
			return nil, err
		}
		if _, err := store.SniffAttachment(fh.Filename, data); err != nil {
			var e *domain.Error
			if errors.As(err, &e) {
				errs = append(errs, e)
				continue
			}
			return nil, err
		}
		out = append(out, upload{name: fh.Filename, data: data})
	}
	return out, errs.Err()
}

func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, domain.MaxAttachmentBytes+1))
}

// mergeErrors joins validation errors of the fields and of the files, so
// that one answer lists every problem.
func mergeErrors(errs ...error) error {
	var out domain.Errors
	for _, err := range errs {
		var list domain.Errors
		var one *domain.Error
		switch {
		case err == nil:
		case errors.As(err, &list):
			out = append(out, list...)
		case errors.As(err, &one) && one.Code == domain.EINVALID:
			out = append(out, one)
		default:
			return err
		}
	}
	return out.Err()
}

// checkBody refuses a body the actor may not submit for.
func checkBody(a *domain.Actor, m *domain.Meeting, c *domain.Contribution, keep string) error {
	ids, all := a.ContributeBodies(m.ProcessID, m.ID)
	switch {
	case all, c.BodyID == keep && keep != "":
		return nil
	case c.BodyID == "" && len(ids) == 0:
		return nil
	case c.BodyID == "" || !slices.Contains(ids, c.BodyID):
		return domain.Invalid("body", "contrib.body_choice", "choose one of the bodies you submit for")
	}
	return nil
}

func (s *Server) createContribution(w http.ResponseWriter, r *http.Request) {
	m, err := s.formMeeting(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	files, ferr := parseContribForm(r)
	c := &domain.Contribution{MeetingID: m.ID, AuthorID: a.User.ID, Status: domain.StatusDraft}
	contribFromForm(r, c)
	submit := r.PostFormValue("action") == "submit"
	err = mergeErrors(ferr, checkBody(a, m, c, ""))
	if err == nil {
		err = s.db.CreateContribution(r.Context(), c)
	}
	if err != nil {
		s.contribFormFailure(w, r, m, c, true, err)
		return
	}
	// The draft exists now: a problem with its documents or its submission
	// is shown on its edit form.
	err = s.attach(r, c.ID, files)
	if err == nil && submit {
		_, err = s.db.TransitionContribution(r.Context(), c.ID, c.Version, domain.TransSubmit, "")
	}
	if err != nil {
		s.contribFormFailure(w, r, m, c, false, err)
		return
	}
	flash := "contrib.flash_draft"
	if submit {
		flash = "contrib.flash_submitted"
	}
	s.redirect(w, r, "/contributions/"+c.ID, flash)
}

// attach stores the uploaded documents with a contribution.
func (s *Server) attach(r *http.Request, id string, files []upload) error {
	for _, f := range files {
		if _, err := s.db.AddAttachment(r.Context(), id, f.name, f.data); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) contribFormFailure(w http.ResponseWriter, r *http.Request, m *domain.Meeting, c *domain.Contribution, isNew bool, err error) {
	if !isNew {
		if fresh, ferr := s.db.Contribution(r.Context(), c.ID); ferr == nil {
			c.Attachments = fresh.Attachments
		}
	}
	pg, perr := s.contribForm(r, m, c, isNew)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	v := pg.Data.(*contribFormView)
	if r.MultipartForm != nil && len(r.MultipartForm.File["files"]) > 0 {
		v.ReloadFiles = true
	}
	s.formFailure(w, r, err, "contribution_form", pg)
}

// editableContribution loads a contribution the actor may edit: 404 when
// they may not see it, 403 when they may see but not change it.
func (s *Server) editableContribution(r *http.Request) (*domain.Contribution, *domain.Meeting, error) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if !actor(r).CanEditContribution(m.ProcessID, c) {
		return nil, nil, domain.Forbidden()
	}
	return c, m, nil
}

func (s *Server) editContribution(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.editableContribution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.contribForm(r, m, c, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contribution_form", pg)
}

func (s *Server) updateContribution(w http.ResponseWriter, r *http.Request) {
	old, m, err := s.editableContribution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	files, ferr := parseContribForm(r)
	c := &domain.Contribution{ID: old.ID, MeetingID: m.ID, AuthorID: old.AuthorID, Status: old.Status, LangAuto: old.LangAuto,
		Attachments: old.Attachments, ReturnReason: old.ReturnReason}
	contribFromForm(r, c)
	if !domain.Attributed(old, a) {
		c.BodyID = old.BodyID // the form does not show it, so it cannot change it
	}
	c.Version, err = formInt(r, "version")
	submit := r.PostFormValue("action") == "submit"
	if err == nil {
		err = mergeErrors(ferr, checkBody(a, m, c, old.BodyID))
	}
	if err == nil && len(old.Attachments)+len(files) > domain.MaxAttachments {
		err = domain.Invalid("file", "error.attachment_count", "a contribution holds at most %d documents", domain.MaxAttachments)
	}
	if err == nil {
		err = s.db.UpdateContribution(r.Context(), c)
	}
	if err == nil {
		err = s.attach(r, c.ID, files)
	}
	if err == nil && submit && a.CanTransition(m.ProcessID, c, domain.TransSubmit) {
		_, err = s.db.TransitionContribution(r.Context(), c.ID, c.Version, domain.TransSubmit, "")
	}
	if err != nil {
		s.contribFormFailure(w, r, m, c, false, err)
		return
	}
	flash := "flash.saved"
	if submit {
		flash = "contrib.flash_submitted"
	}
	s.redirect(w, r, "/contributions/"+c.ID, flash)
}
