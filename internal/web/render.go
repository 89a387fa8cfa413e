package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/plenary-org/plenary/internal/geo"
	"html/template"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/texts"
)

//go:embed templates/*.html static
var files embed.FS

// assets serves the embedded static files under content-hashed names, so
// browsers may cache them for a year.
type assets struct {
	byHashed map[string]asset
	hashed   map[string]string // "style.css" -> "/static/style.3f2a9c1b.css"
}

type asset struct {
	body  []byte
	ctype string
}

func loadAssets() (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.hashed[name] = "/static/" + hashedName
		a.byHashed[hashedName] = asset{body: b, ctype: mime.TypeByExtension(ext)}
		return nil
	})
	return a, err
}

func (a *assets) url(name string) (string, error) {
	u, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byHashed[strings.TrimPrefix(r.URL.Path, "/static/")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}

// templates holds one parsed set per page: the layout, the shared partials
// and the page's own file, once per interface language, so that the
// functions that write dates ("date", "day") write them in the page's
// language without being handed the page. English is parsed at start-up,
// which checks every template; another language's set of a page is parsed
// the first time a page is shown in it (copying parsed html/templates costs
// more than parsing them again).
type templates struct {
	funcs template.FuncMap
	cat   *locale.Catalog
	names map[string]string // page -> its file

	mu    sync.Mutex
	pages map[string]map[string]*template.Template // language -> page -> set
}

// page returns the set of the page name in the language lang (English for
// an unknown language).
func (t *templates) page(lang, name string) (*template.Template, bool) {
	if !locale.Supported(lang) {
		lang = "en"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if tm, ok := t.pages[lang][name]; ok {
		return tm, true
	}
	file, ok := t.names[name]
	if !ok {
		return nil, false
	}
	tm, err := t.parse(lang, name, file)
	if err != nil { // the English set of the same files parsed at start-up
		return nil, false
	}
	t.pages[lang][name] = tm
	return tm, true
}

// lookup is page for a page that exists.
func (t *templates) lookup(lang, name string) *template.Template {
	tm, ok := t.page(lang, name)
	if !ok {
		panic("web: no template " + name)
	}
	return tm
}

func (t *templates) parse(lang, name, file string) (*template.Template, error) {
	tm, err := template.New(name).Funcs(t.funcs).Funcs(localFuncs(t.cat.Printer(lang))).ParseFS(files, "templates/_*.html", file)
	if err != nil {
		return nil, fmt.Errorf("web: template %s: %w", name, err)
	}
	return tm, nil
}

// localFuncs are the template functions that depend on the page's
// language; each language's set of the templates has its own.
func localFuncs(p *locale.Printer) template.FuncMap {
	return template.FuncMap{
		// date writes a moment the product recorded (an audit entry, a
		// submission) as a date and time in UTC, in the page's language.
		"date": func(t time.Time) string { return p.DateTime(t.UTC()) },
		// day writes a calendar day, given as a time or as an ISO date
		// ("2026-12-07") as forms keep it, in the page's language.
		"day": func(v any) string {
			switch d := v.(type) {
			case time.Time:
				return p.Date(d)
			case string:
				return p.Day(d)
			}
			return fmt.Sprint(v)
		},
	}
}

func parseTemplates(a *assets, cat *locale.Catalog) (*templates, error) {
	funcs := template.FuncMap{
		"asset":  a.url,
		"inline": inlineMarkdown,
		// inlineText is inline for agenda text shown away from the
		// agenda's footnotes, and more than once on a page: footnote
		// references are numbers without a link or an ID.
		"inlineText":    inlineNoLinks,
		"add":           func(a, b int) int { return a + b },
		"neg":           func(a int) int { return -a },
		"country":       domain.CountryName,
		"alpha3":        geo.Alpha3,
		"langname":      langName,
		"join":          strings.Join,
		"itoa":          strconv.Itoa,
		"sub":           func(p *Page, v any) subView { return subView{Page: p, V: v} },
		"timeField":     func(p *Page, field, label string) timeField { return timeField{P: p, F: field, L: label} },
		"short":         shortText,
		"langdir":       textDir,
		"sectionAnchor": sectionAnchor,
		"formatRows":    formatRows,
		"versionNote":   versionNote,
		"exportFormats": exportFormats,
		"shorthash":     domain.ShortHash,
		// num writes a number of an indicator as people read it: no
		// trailing zeros, no exponent below a trillion.
		"num": func(v any) string {
			switch x := v.(type) {
			case float64:
				return strconv.FormatFloat(x, 'f', -1, 64)
			case *float64:
				if x != nil {
					return strconv.FormatFloat(*x, 'f', -1, 64)
				}
			}
			return ""
		},
		// minVoters is the fewest voters whose figures are shown.
		"minVoters": func() int { return domain.MinVoters },
		// subheadingLevel is the heading level of a document's
		// subheadings on a page: 4 unless the page's data says otherwise.
		"subheadingLevel": func(data any) int {
			if v, ok := data.(interface{ SubheadingLevel() int }); ok {
				return v.SubheadingLevel()
			}
			return 4
		},
	}
	maps.Copy(funcs, textFuncs())
	pages, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{funcs: funcs, cat: cat, names: map[string]string{}, pages: map[string]map[string]*template.Template{}}
	for _, l := range locale.Languages {
		t.pages[l.Code] = map[string]*template.Template{}
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t.names[name] = p
		tm, err := t.parse("en", name, p)
		if err != nil {
			return nil, err
		}
		t.pages["en"][name] = tm
	}
	return t, nil
}

// subView passes the page along with a value to a nested template.
type subView struct {
	Page *Page
	V    any
}

// Page is what every page template receives. Data holds the page's own
// typed view.
type Page struct {
	Title     string
	P         *locale.Printer
	Actor     *domain.Actor
	Languages []locale.Language
	Path      string
	Flash     string
	Errors    map[string]string // field -> message in the page's language
	FormError string
	Data      any
	// Public marks a page anyone reads without an account: it links to
	// nothing that needs one.
	Public bool

	// texts finds the translations of the names and texts the page shows
	// (see [Page.Text]); unofficialShown records that one was unofficial.
	texts           *texts.Lookup
	unofficialShown bool
}

// T translates key with args for the page's language.
func (p *Page) T(key string, args ...any) string { return p.P.T(key, args...) }

// N translates a counted message.
func (p *Page) N(key string, n int, args ...any) string { return p.P.N(key, n, args...) }

// Lang returns the page's language code.
func (p *Page) Lang() string { return p.P.Lang.Code }

// Dir returns the page's writing direction.
func (p *Page) Dir() string { return p.P.Dir() }

// Err returns the error message for a form field.
func (p *Page) Err(field string) string { return p.Errors[field] }

func (s *Server) page(r *http.Request, title string, data any) *Page {
	p := s.cat.Printer(langOf(r.Context()))
	pg := &Page{Title: title, P: p, Actor: actor(r), Languages: locale.Languages, Path: r.URL.RequestURI(), Data: data}
	if s.texts != nil {
		pg.texts = s.texts.Lookup(r.Context(), p.Lang.Code)
	}
	return pg
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, pg *Page) {
	if pg.Flash == "" {
		if c, err := r.Cookie(flashCookie); err == nil && c.Value != "" {
			if s.cat.Has(c.Value) {
				pg.Flash = pg.T(c.Value)
			}
			s.clearCookie(w, flashCookie)
		}
	}
	t, ok := s.tmpl.page(pg.Lang(), name)
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no template %q", name))
		return
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", pg); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", pg.Lang())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers are the buffers pages are written into, kept between
// requests so that a large page (a whole process's dashboard is 140 KB) is not
// copied again and again as its buffer grows.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer kept.
const maxPooledBuffer = 4 << 20

// redirect sends the browser to url after a successful form, with a flash
// message key shown on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, url, flashKey string) {
	if flashKey != "" {
		s.setCookie(w, flashCookie, flashKey, time.Minute)
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// statusOf maps an error to an HTTP status.
func statusOf(err error) int { return domain.HTTPStatus(domain.ErrorCode(err)) }

// message returns err's message in the page's language.
func (pg *Page) message(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Code != domain.EINTERNAL {
		if de.Key != "" && pg.P.T(de.Key) != de.Key {
			return pg.P.T(de.Key, de.Args...)
		}
		return de.Msg
	}
	return pg.T("error.internal")
}

// fieldErrors turns validation errors into per-field messages; it returns
// false when err is not a validation error.
func (pg *Page) fieldErrors(err error) bool {
	var list domain.Errors
	var one *domain.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one) && one.Code == domain.EINVALID:
		list = domain.Errors{one}
	default:
		return false
	}
	pg.Errors = map[string]string{}
	for _, e := range list {
		if e.Field == "" {
			pg.FormError = pg.message(e)
			continue
		}
		if _, dup := pg.Errors[e.Field]; !dup {
			pg.Errors[e.Field] = pg.message(e)
		}
	}
	if pg.FormError == "" {
		pg.FormError = pg.T("error.form")
	}
	return true
}

// fail renders an error page for err. Anonymous visitors asked to log in
// are redirected to the login page instead.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errRedirectLogin) || domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if secs := domain.RetryAfterSeconds(err); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T(fmt.Sprintf("status.%d", status))
	pg.FormError = pg.message(err)
	s.render(w, r, status, "error", pg)
}

// failJSON answers a request for JSON with err in the API's error body
// (package httperr), its messages in the page's language. An anonymous
// visitor is told to log in (401) rather than sent to the login page.
func (s *Server) failJSON(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errRedirectLogin) {
		err = domain.Unauthorized()
	}
	if status := httperr.Write(w, err, s.page(r, "", nil).P); status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// serverError answers without templates or the database, for failures
// that happen before a page can be rendered (the database is down).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	status := statusOf(err)
	msg := http.StatusText(status)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
		msg = s.cat.Printer(s.cat.Negotiate(r.Header.Get("Accept-Language"))).T("error.unavailable")
	}
	http.Error(w, msg, status)
}

// formFailure re-renders a form after a failed save: with field messages
// for validation errors, with a conflict message for stale versions, and
// the error page otherwise.
func (s *Server) formFailure(w http.ResponseWriter, r *http.Request, err error, name string, pg *Page) {
	switch {
	case pg.fieldErrors(err):
		s.render(w, r, http.StatusUnprocessableEntity, name, pg)
	case domain.ErrorCode(err) == domain.ECONFLICT:
		pg.FormError = pg.message(err)
		s.render(w, r, http.StatusConflict, name, pg)
	default:
		s.fail(w, r, err)
	}
}

var (
	reBold     = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	reItalic   = regexp.MustCompile(`(^|[^*])\*([^*\s][^*]*)\*`)
	reFootnote = regexp.MustCompile(`\[\^(\d+)\]`)
	// reFootnoteLink is the link inlineMarkdown makes of a footnote
	// reference.
	reFootnoteLink = regexp.MustCompile(`<sup><a href="#fn-\d+" id="fnref-\d+">(\d+)</a></sup>`)
)

// inlineMarkdown renders the inline Markdown of agenda text: bold, italics
// and footnote references. Everything else is escaped.
func inlineMarkdown(s string) template.HTML {
	e := template.HTMLEscapeString(s)
	e = reBold.ReplaceAllString(e, "<strong>$1</strong>")
	e = reItalic.ReplaceAllString(e, "$1<em>$2</em>")
	e = reFootnote.ReplaceAllString(e, `<sup><a href="#fn-$1" id="fnref-$1">$1</a></sup>`)
	return template.HTML(e)
}
