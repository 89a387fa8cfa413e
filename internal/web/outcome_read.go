package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
)

// diffView is the difference between two versions of a document (an
// outcome document or a review report), block by block.
type diffView struct {
	// Back and BackLabel lead to the document's page.
	Back, BackLabel  string
	FromText, ToText domain.OutcomeText
	Difference       outcome.Difference
	Blocks           []blockDiff
}

// newDiffView marks the words of each changed block.
func newDiffView(back, backLabel string, from, to domain.OutcomeText, d outcome.Difference) *diffView {
	v := &diffView{Back: back, BackLabel: backLabel, FromText: from, ToText: to, Difference: d}
	for _, c := range d.Blocks {
		bd := blockDiff{BlockChange: c}
		if c.Kind == outcome.Changed && c.Old != nil && c.New != nil {
			bd.Words = wordDiff(c.Old.Text, c.New.Text)
		}
		v.Blocks = append(v.Blocks, bd)
	}
	return v
}

// blockDiff is one changed block with its words marked.
type blockDiff struct {
	outcome.BlockChange
	// Words are the words removed and added; nil when the two texts are
	// too far apart to compare word by word.
	Words []diffPart
}

// outcomeDiff shows what changed between two versions (?from=&to=).
func (s *Server) outcomeDiff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	d, err := s.outcomes.Diff(r.Context(), actor(r), outcome.DiffInput{MeetingID: r.PathValue("id"), From: from, To: to})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Data = newDiffView("/meetings/"+r.PathValue("id")+"/outcome#versions", pg.T("outcome.page.short_title"), d.From.Text, d.To.Text, d.Difference)
	pg.Title = pg.T("outcome.page.diff_title", from, to)
	s.render(w, r, http.StatusOK, "outcome_diff", pg)
}

// translateView is the side-by-side translation form of one version into
// one language.
type translateView struct {
	*outcome.Text
	Parts    []translationPart
	Statuses []store.TranslationStatus
	Status   store.TranslationStatus
}

// translationPart is one part to translate: the original beside the
// translation as it stands.
type translationPart struct {
	ID       string
	Label    string // "Title", "Heading", "Paragraph 3"
	Original string
	Text     string
	Info     outcome.BlockLang
	Long     bool
}

// translateForm puts the version's original beside its translation into
// ?to=, part by part.
func (s *Server) translateForm(w http.ResponseWriter, r *http.Request) {
	s.renderTranslateForm(w, r, http.StatusOK, nil)
}

func (s *Server) renderTranslateForm(w http.ResponseWriter, r *http.Request, status int, failure error) {
	n, _ := strconv.Atoi(r.FormValue("v"))
	if r.Method == http.MethodPost {
		n, _ = strconv.Atoi(r.PostFormValue("version"))
	}
	// The language translated into is ?to= (the hidden lang of the form
	// when it comes back): ?lang= would switch the page's own language,
	// and the translator reads the page in theirs.
	lang := r.URL.Query().Get("to")
	if r.Method == http.MethodPost {
		lang = r.PostFormValue("lang")
	}
	ov, err := s.outcomes.Overview(r.Context(), actor(r), outcome.OverviewInput{MeetingID: r.PathValue("id"), Version: n, Lang: lang})
	switch {
	case err != nil:
	case !ov.Can.Draft:
		err = domain.Forbidden()
	case ov.Text == nil:
		err = domain.NotFound("outcome document")
	default:
		err = outcome.TranslationLang(ov.Document.Lang, lang)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := ov.Text
	pg := s.page(r, "", nil)
	v := &translateView{Text: t, Statuses: outcome.TranslationStatuses, Status: store.TranslationTranslated}
	orig := t.Version.Text
	add := func(id, label, original, text string, long bool) {
		info := t.Blocks[id]
		if !info.Translated {
			text = ""
		}
		if r.Method == http.MethodPost {
			text = r.PostFormValue("tr." + id)
		}
		v.Parts = append(v.Parts, translationPart{ID: id, Label: label, Original: original, Text: text, Info: info, Long: long})
	}
	add("title", pg.T("outcome.page.part_title"), orig.Title, t.Text.Title, false)
	if orig.Subtitle != "" {
		add("subtitle", pg.T("outcome.page.part_subtitle"), orig.Subtitle, t.Text.Subtitle, false)
	}
	nums := orig.Numbers()
	for i, sec := range orig.Sections {
		add("heading:"+sec.Key, pg.T("outcome.page.part_heading"), sec.Heading, t.Text.Sections[i].Heading, false)
		for j, b := range sec.Blocks {
			label := pg.T("outcome.kind." + string(b.Kind))
			if nums[b.ID] > 0 {
				label = pg.T("outcome.page.paragraph_n", nums[b.ID])
			}
			add(b.ID, label, b.Text, t.Text.Sections[i].Blocks[j].Text, b.Kind == domain.BlockParagraph || b.Kind == domain.BlockNote)
		}
	}
	if r.Method == http.MethodPost {
		v.Status = store.TranslationStatus(r.PostFormValue("status"))
	}
	pg.Data = v
	pg.Title = pg.T("outcome.page.translate_title", langName(t.Lang))
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "outcome_translate", pg)
}

// putOutcomeTranslation stores the parts of the form given a translation
// (those left empty stay untranslated).
func (s *Server) putOutcomeTranslation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := outcome.TranslationInput{MeetingID: id, Lang: r.PostFormValue("lang"), Status: store.TranslationStatus(r.PostFormValue("status"))}
	var err error
	in.Version, err = formInt(r, "version")
	for _, part := range r.PostForm["part"] {
		if text := strings.TrimSpace(r.PostFormValue("tr." + part)); text != "" {
			in.Blocks = append(in.Blocks, outcome.BlockText{ID: part, Text: text})
		}
	}
	if err == nil {
		_, err = s.outcomes.PutTranslation(r.Context(), actor(r), in)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderTranslateForm(w, r, statusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, outcomeURL(id, "?lang="+urlQueryEscape(in.Lang)+"&v="+strconv.Itoa(in.Version)), "outcome.page.translated")
}

// publicView is a published outcome document as anyone reads it.
type publicView struct {
	Text    *outcome.Text
	Numbers map[string]int
	// Fallback is true when nothing of the document is translated into
	// the language asked: it is shown in its original. Partial is true
	// when some of it is.
	Fallback, Partial bool
	Asked             string
	Short             string
	Languages         []string
}

// Doc is the document, as the blocks' template reads it.
func (v *publicView) Doc() docText { return docText{Text: v.Text, Numbers: v.Numbers} }

// publicOutcome is a meeting's published outcome document, readable
// without an account, in the reader's language when it is translated
// into it (?lang= chooses another). Anything unpublished is not found.
func (s *Server) publicOutcome(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = langOf(r.Context())
	}
	t, err := s.outcomes.Public(r.Context(), outcome.PublicInput{MeetingID: r.PathValue("id"), Lang: lang})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &publicView{Text: t, Numbers: t.Text.Numbers(), Asked: lang, Short: domain.ShortHash(t.Document.AdoptedHash), Languages: domain.Locales}
	if t.Lang != t.Document.Lang {
		translated := 0
		for _, b := range t.Blocks {
			if b.Translated {
				translated++
			}
		}
		v.Fallback = translated == 0
		v.Partial = translated > 0 && translated < len(t.Blocks)
	}
	pg := s.page(r, t.Meeting.Name(), v)
	pg.Public = true
	s.render(w, r, http.StatusOK, "outcome_public", pg)
}

// textDir is the direction of a language's text, for the lang and dir
// attributes of a document shown in a page of another language.
func textDir(lang string) string { return render.LanguageDir(lang) }

// exportOutcome downloads a version (?v=; the latest the person may
// read) in a language (?lang=) and format (?format=docx|pdf|md|html):
// drafts watermarked DRAFT, the adopted version with its content hash.
func (s *Server) exportOutcome(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("v"))
	e, err := s.outcomes.Export(r.Context(), actor(r), outcome.ExportInput{
		TextInput: outcome.TextInput{MeetingID: r.PathValue("id"), Version: max(n, 0), Lang: q.Get("lang")}, Format: q.Get("format")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeExport(w, e)
}

// exportPublicOutcome downloads a published document, to anyone.
func (s *Server) exportPublicOutcome(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	e, err := s.outcomes.PublicExport(r.Context(), outcome.ExportInput{
		TextInput: outcome.TextInput{MeetingID: r.PathValue("id"), Lang: q.Get("lang")}, Format: q.Get("format")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeExport(w, e)
}

func writeExport(w http.ResponseWriter, e *outcome.Export) {
	h := w.Header()
	h.Set("Content-Type", e.Format.MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	h.Set("Content-Length", strconv.Itoa(len(e.Data)))
	w.Write(e.Data)
}

// exportFormats are the formats the download links offer, in order.
func exportFormats() []string { return render.FormatNames() }
