package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// The contribution pages: the list with search and filters, the
// moderation queue, and the shared pieces (labels of kinds, tags, bodies,
// questions in the viewer's language). The form is in contrib_form.go, the
// detail page and its actions in contrib_detail.go.

// tagView is a framework item as a tag, labelled in the viewer's language.
type tagView struct {
	ID, Code, Kind, Short, Title, Lang string
	Framework                          string // the framework's name
	Builtin                            bool
	Unofficial                         bool // the title is an unofficial translation
}

// Local is the tag's short label as pages show it, with its language and
// the mark of an unofficial translation.
func (t tagView) Local() LocalText {
	return LocalText{Text: t.Short, Lang: t.Lang, Dir: textDir(t.Lang), Unofficial: t.Unofficial}
}

// labels names the things a contribution refers to, in one page's
// language. It loads what it needs once per request.
type labels struct {
	s         *Server
	ctx       context.Context
	pg        *Page
	tags      map[string]tagView
	tagOrder  []string
	fws       []*domain.Framework
	bodies    map[string]*domain.Body
	questions map[string]*domain.AgendaItem
	meetings  map[string]*domain.Meeting
	descs     map[string]domain.Descriptions
}

func (s *Server) labels(ctx context.Context, pg *Page) *labels {
	return &labels{s: s, ctx: ctx, pg: pg, bodies: map[string]*domain.Body{}, questions: map[string]*domain.AgendaItem{}, meetings: map[string]*domain.Meeting{},
		descs: map[string]domain.Descriptions{}}
}

// loadTags reads every framework with its items.
func (l *labels) loadTags() error {
	if l.tags != nil {
		return nil
	}
	l.tags = map[string]tagView{}
	list, err := l.s.db.Frameworks(l.ctx)
	if err != nil {
		return err
	}
	for _, f := range list {
		fw, err := l.s.db.Framework(l.ctx, f.ID)
		if err != nil {
			return err
		}
		fw.Builtin = f.Builtin
		l.fws = append(l.fws, fw)
		for i := range fw.Items {
			it := &fw.Items[i]
			lb, in := it.Label(l.pg.Lang())
			short := lb.ShortLabel
			if short == "" {
				short = lb.Title
			}
			l.tags[it.ID] = tagView{ID: it.ID, Code: it.Code, Kind: it.Kind, Short: short, Title: lb.Title, Lang: in, Framework: fw.Name, Builtin: fw.Builtin, Unofficial: lb.Unofficial}
			l.tagOrder = append(l.tagOrder, it.ID)
		}
	}
	return nil
}

func (l *labels) tagList(ids []string) []tagView {
	if l.loadTags() != nil {
		return nil
	}
	out := make([]tagView, 0, len(ids))
	for _, id := range ids {
		if t, ok := l.tags[id]; ok {
			out = append(out, t)
		}
	}
	return out
}

func (l *labels) body(id string) *domain.Body {
	if id == "" {
		return nil
	}
	if b, ok := l.bodies[id]; ok {
		return b
	}
	b, err := l.s.db.Body(l.ctx, id)
	if err != nil {
		b = nil
	}
	l.bodies[id] = b
	return b
}

// loadBodies reads the bodies of ids not read yet in one query, so that
// a list naming forty bodies in its items and counts does not read them
// one by one (at 100,000 contributions that was a third of the list
// page's time).
func (l *labels) loadBodies(ids []string) {
	var want []string
	for _, id := range ids {
		if _, ok := l.bodies[id]; !ok && id != "" && !slices.Contains(want, id) {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return
	}
	bs, err := l.s.db.BodiesByID(l.ctx, want)
	if err != nil {
		// Read one by one by body, as before.
		return
	}
	for _, id := range want {
		l.bodies[id] = bs[id] // nil for a body that no longer exists
	}
}

func (l *labels) meeting(id string) *domain.Meeting {
	if m, ok := l.meetings[id]; ok {
		return m
	}
	m, err := l.s.db.Meeting(l.ctx, id)
	if err != nil {
		m = nil
	}
	l.meetings[id] = m
	return m
}

func (l *labels) loadQuestions(meetingID string) ([]*domain.AgendaItem, error) {
	qs, err := l.s.db.GuidingQuestions(l.ctx, meetingID)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		l.questions[q.ID] = q
	}
	return qs, nil
}

func (l *labels) question(id string) string {
	q, ok := l.questions[id]
	if !ok {
		it, err := l.s.db.Item(l.ctx, id)
		if err != nil {
			return id
		}
		l.questions[id], q = it, it
	}
	return questionLabel(q)
}

// questionLabel is a guiding question short enough for a list or a menu.
func questionLabel(q *domain.AgendaItem) string {
	s := q.Text
	if q.Label != "" {
		s = "(" + q.Label + ") " + s
	}
	return excerpt(strings.NewReplacer("**", "", "*", "").Replace(s), 140)
}

func (l *labels) kind(k domain.ContributionKind) string { return l.pg.T("contrib.kind." + string(k)) }
func (l *labels) status(s domain.Status) string         { return l.pg.T("contrib.status." + string(s)) }
func (l *labels) practice(p domain.PracticeType) string {
	return l.pg.T("contrib.practice." + string(p))
}

// anonymous is how a body is shown in a meeting under the non-attribution
// rule: as much of its kind and region as the meeting's participants
// allow ([domain.Describe]); "" for no body.
func (l *labels) anonymous(meetingID string, b *domain.Body) string {
	if b == nil {
		return ""
	}
	d, ok := l.descs[meetingID]
	if !ok {
		counts, err := l.s.db.ParticipantTraits(l.ctx, meetingID)
		if err != nil {
			// Nothing is shown rather than too much.
			counts = nil
		}
		d = domain.Describe(counts, l.meeting(meetingID).MinDescribed())
		l.descs[meetingID] = d
	}
	return l.description(d.Of(b))
}

// description words a description of a body: "State · Africa", "Africa",
// "State", or "A participant".
func (l *labels) description(d domain.Description) string {
	switch {
	case d.Full():
		return l.pg.T("kind."+string(d.Kind)) + " · " + d.Region
	case d.Kind != "":
		return l.pg.T("kind." + string(d.Kind))
	case d.Region != "":
		return d.Region
	}
	return l.pg.T("contrib.a_participant")
}

func langName(code string) string {
	for _, l := range locale.Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// isolate keeps a name of one writing direction from reordering the text
// of another around it (Unicode first-strong isolate).
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// excerpt cuts s to about n characters at a word boundary.
func excerpt(s string, n int) string {
	// Only the beginning of a long text is read: up to the character
	// that makes n+1 with the spaces collapsed (a list of twenty items
	// spent a tenth of its time splitting whole texts into words).
	count, inSpace := 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			inSpace = count > 0
			continue
		}
		if inSpace {
			count++
			inSpace = false
		}
		if count++; count >= n+1 {
			s = s[:i]
			break
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// contribItem is one contribution in a list.
type contribItem struct {
	ID, Title, Excerpt, Lang, LangName string
	LangLabel                          string // "in English", the name isolated for right-to-left pages
	Kind, KindLabel                    string
	Status, StatusLabel                string
	PracticeLabel                      string
	Regions                            []string
	Body                               string // the body's name, or its kind and region without attribution
	Attributed                         bool
	Meeting                            string // the meeting's name, in lists across meetings
	Tags                               []tagView
	Version                            int
	SubmittedAt                        string
	ReturnReason                       string
}

func (l *labels) item(c *domain.Contribution, viewer *domain.Actor, withMeeting bool) contribItem {
	it := contribItem{ID: c.ID, Title: c.Title, Excerpt: excerpt(c.Text, 240), Lang: c.Lang, LangName: langName(c.Lang),
		LangLabel: l.pg.T("contrib.in_lang", isolate(langName(c.Lang))),
		Kind:      string(c.Kind), KindLabel: l.kind(c.Kind), Status: string(c.Status), StatusLabel: l.status(c.Status),
		Regions: c.Regions, Tags: l.tagList(c.Tags), Version: c.Version, ReturnReason: c.ReturnReason}
	if c.Kind == domain.KindGoodPractice && c.Practice != "" {
		it.PracticeLabel = l.practice(c.Practice)
	}
	if !c.SubmittedAt.IsZero() {
		it.SubmittedAt = l.pg.P.DateTime(c.SubmittedAt.UTC())
	}
	m := l.meeting(c.MeetingID)
	it.Attributed = domain.Attributed(c, viewer)
	if b := l.body(c.BodyID); b != nil {
		if it.Attributed {
			it.Body = b.Name
		} else {
			it.Body = l.anonymous(c.MeetingID, b)
		}
	}
	if withMeeting && m != nil {
		it.Meeting = m.Name()
	}
	return it
}

// facetValue is one value of a filter with how many contributions have it.
type facetValue struct {
	Value, Label, Lang string
	Count              int
	Checked            bool
	// Local is the label of a value that is a translatable text (a body,
	// a guiding question) or a framework's title, shown with its language
	// and marks.
	Local *LocalText
}

// facetGroup is one filter of the list.
type facetGroup struct {
	Param, Label string
	Values       []facetValue
	Open         bool // a value is chosen
}

type sortOption struct {
	Value, Label string
	Selected     bool
}

type contribListView struct {
	Meeting       *domain.Meeting // nil across meetings
	Query         string
	Sorts         []sortOption
	Facets        template.HTML // the filters with their counts (drawContribFacets)
	Items         []contribItem
	Total         int
	Pager         Pager
	Filtered      bool // a search or a filter is active
	Clear         string
	CanContribute bool
	CanModerate   bool
	Exports       []exportLink
}

type exportLink struct{ Format, URL string }

// facetParams are the list's filters: the query parameter, the facet the
// search counts under that name, and the catalogue key of its heading.
var facetParams = []struct{ param, label string }{
	{"status", "contrib.filter.status"},
	{"kind", "contrib.filter.kind"},
	{"practice_type", "contrib.filter.practice_type"},
	{"region", "contrib.filter.region"},
	{"body", "contrib.filter.body"},
	{"objective", "contrib.filter.objective"},
	{"principle", "contrib.filter.principle"},
	{"tag", "contrib.filter.tag"},
	{"question", "contrib.filter.question"},
	{"lang", "contrib.filter.lang"},
	{"meeting", "contrib.filter.meeting"},
}

const contribPageSize = 20

// searchQuery reads the list's filters from the query string.
func searchQuery(q url.Values, lang string) store.SearchQuery {
	vals := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	sq := store.SearchQuery{Text: strings.TrimSpace(q.Get("q")), Lang: lang, Regions: vals("region"), BodyIDs: vals("body"),
		Objectives: vals("objective"), Principles: vals("principle"), Tags: vals("tag"), QuestionIDs: vals("question"),
		Langs: vals("lang"), MeetingIDs: vals("meeting"), Sort: q.Get("sort"), Facets: true, Limit: contribPageSize,
		Cursor: strings.TrimSpace(q.Get("cursor"))}
	for _, v := range vals("kind") {
		sq.Kinds = append(sq.Kinds, domain.ContributionKind(v))
	}
	for _, v := range vals("practice_type") {
		sq.Practices = append(sq.Practices, domain.PracticeType(v))
	}
	for _, v := range vals("status") {
		sq.Statuses = append(sq.Statuses, domain.Status(v))
	}
	switch sq.Sort {
	case store.SortRelevance, store.SortNewest, store.SortOldest, store.SortTitle, store.SortUpdated:
	default:
		sq.Sort = ""
	}
	if sq.Sort == store.SortRelevance && sq.Text == "" {
		sq.Sort = ""
	}
	return sq
}

// listContributions is a meeting's list of contributions.
func (s *Server) listContributions(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "meeting", id, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	s.renderContribList(w, r, m, a.CanContribute(sc.ProcessID, id), a.CanManageMeeting(sc.ProcessID, id))
}

// listAllContributions searches every meeting the viewer may see.
func (s *Server) listAllContributions(w http.ResponseWriter, r *http.Request) {
	if _, err := loggedIn(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderContribList(w, r, nil, false, false)
}

func (s *Server) renderContribList(w http.ResponseWriter, r *http.Request, m *domain.Meeting, canContribute, canModerate bool) {
	ctx, a := r.Context(), actor(r)
	v := &contribListView{Meeting: m, CanContribute: canContribute, CanModerate: canModerate}
	pg := s.page(r, "", v)
	pg.Title = pg.T("contrib.list_title")
	if m != nil {
		pg.Title = pg.T("contrib.list_title_meeting", m.Name())
	}
	q := r.URL.Query()
	sq := searchQuery(q, pg.Lang())
	if m != nil {
		sq.MeetingIDs = []string{m.ID}
	}
	sq.Offset = pageOffset(r)
	v.Query = sq.Text
	v.Filtered = sq.Text != ""
	for _, f := range facetParams {
		if len(q[f.param]) > 0 && (m == nil || f.param != "meeting") {
			v.Filtered = true
		}
	}
	v.Clear = r.URL.Path
	v.Exports = exportLinks(r, r.URL.Path+"/export")
	sorts := []string{store.SortNewest, store.SortOldest, store.SortUpdated, store.SortTitle}
	if sq.Text != "" {
		sorts = append([]string{store.SortRelevance}, sorts...)
	}
	for _, so := range sorts {
		sel := so == sq.Sort || (sq.Sort == "" && so == sorts[0])
		v.Sorts = append(v.Sorts, sortOption{Value: so, Label: pg.T("contrib.sort." + so), Selected: sel})
	}
	vis, err := s.db.VisibilityFor(ctx, a)
	var res *store.SearchResult
	if err == nil {
		res, err = s.db.Search(ctx, vis, sq)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			pg.FormError = pg.message(err)
			s.render(w, r, http.StatusUnprocessableEntity, "contributions", pg)
			return
		}
		s.fail(w, r, err)
		return
	}
	lb := s.labels(ctx, pg)
	if m != nil {
		lb.meetings[m.ID] = m
		if _, err := lb.loadQuestions(m.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := lb.loadTags(); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Total = res.Total
	bodies := make([]string, 0, len(res.Items)+len(res.Facets["body"]))
	for _, c := range res.Items {
		bodies = append(bodies, c.BodyID)
	}
	for _, f := range res.Facets["body"] {
		bodies = append(bodies, f.Value)
	}
	bodies = append(bodies, q["body"]...)
	lb.loadBodies(bodies)
	for _, c := range res.Items {
		v.Items = append(v.Items, lb.item(c, a, m == nil))
	}
	v.Pager = keysetPager(r, sq.Offset, contribPageSize, res.Total, sq.Cursor, res.Next, res.Prev)
	if v.Facets, err = s.drawContribFacets(pg, lb, q, res, m != nil); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contributions", pg)
}

// facetCacheBytes bounds the lists' filters kept drawn: a meeting's
// filters at 100,000 contributions are about 60 KB in one language.
const facetCacheBytes = 16 << 20

// drawContribFacets returns the list's filters with their counts, drawn
// once for every search's counts (store.SearchResult.Counted, which names
// the search with the viewer's visibility, so that no one is shown
// another's counts), language and choice of values, and kept: fifty
// people opening a meeting's list cost one drawing of its forty bodies,
// hundred and fifty tags and sixty questions, not fifty. Labels (a
// body's name, a question's text) changed since are shown when the
// counts are made again (at most a minute later: store's searchCacheTTL).
func (s *Server) drawContribFacets(pg *Page, lb *labels, q url.Values, res *store.SearchResult, inMeeting bool) (template.HTML, error) {
	draw := func() (*drawnDashboard, error) {
		// Drawn from a page that holds the language and nothing of the
		// reader.
		lp := &Page{P: pg.P}
		fl := *lb
		fl.pg = lp
		lp.Data = fl.facets(q, res.Facets, inMeeting)
		var b strings.Builder
		if err := s.tmpl.lookup(lp.Lang(), "contributions").ExecuteTemplate(&b, "contrib-facets", lp); err != nil {
			return nil, fmt.Errorf("web: render filters: %w", err)
		}
		return &drawnDashboard{body: template.HTML(b.String()), size: b.Len(), unofficial: lp.unofficialShown}, nil
	}
	var d *drawnDashboard
	var err error
	if res.Counted == "" {
		d, err = draw()
	} else {
		key := []string{pg.Lang(), strconv.FormatBool(inMeeting), res.Counted}
		for _, f := range facetParams {
			key = append(key, f.param+"="+strings.Join(q[f.param], "\x00"))
		}
		d, err = s.facetDrawings.draw(strings.Join(key, "\x01"), draw)
	}
	if err != nil {
		return "", err
	}
	if d.unofficial {
		pg.unofficialShown = true
	}
	return d.body, nil
}

// facets turns the search's counts into the filter groups of the page,
// keeping chosen values that no longer match anything so that they can be
// unticked.
func (l *labels) facets(q url.Values, counts map[string][]store.FacetCount, inMeeting bool) []facetGroup {
	var out []facetGroup
	for _, f := range facetParams {
		if f.param == "meeting" && inMeeting {
			continue
		}
		g := facetGroup{Param: f.param, Label: l.pg.T(f.label)}
		seen := map[string]bool{}
		for _, c := range counts[f.param] {
			seen[c.Value] = true
			g.Values = append(g.Values, l.facetValue(f.param, c.Value, c.Count, slices.Contains(q[f.param], c.Value)))
		}
		for _, v := range q[f.param] {
			if v != "" && !seen[v] {
				seen[v] = true
				g.Values = append(g.Values, l.facetValue(f.param, v, 0, true))
			}
		}
		for _, v := range g.Values {
			g.Open = g.Open || v.Checked
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func (l *labels) facetValue(param, value string, n int, checked bool) facetValue {
	fv := facetValue{Value: value, Label: value, Count: n, Checked: checked}
	switch param {
	case "status":
		fv.Label = l.status(domain.Status(value))
	case "kind":
		fv.Label = l.kind(domain.ContributionKind(value))
	case "practice_type":
		fv.Label = l.practice(domain.PracticeType(value))
	case "body":
		if b := l.body(value); b != nil {
			lt := l.pg.Text(b, "name")
			fv.Label, fv.Local = lt.Text, &lt
		}
	case "objective", "principle", "tag":
		if t, ok := l.tags[value]; ok {
			fv.Label, fv.Lang = t.Code+" "+t.Short, t.Lang
			lt := t.Local()
			lt.Text = fv.Label
			fv.Local = &lt
		}
	case "question":
		fv.Label = l.question(value)
		if q := l.questions[value]; q != nil {
			lt := l.pg.Text(q, "text")
			lt.Text = questionLabel(&domain.AgendaItem{Label: q.Label, Text: lt.Text})
			fv.Label, fv.Local = lt.Text, &lt
		}
	case "lang":
		fv.Label, fv.Lang = langName(value), value
	case "meeting":
		if m := l.meeting(value); m != nil {
			fv.Label = m.Name()
		}
	}
	return fv
}

// contributionCount returns how many contributions of a meeting the
// viewer may find, or -1 when the search fails: the meeting page shows the
// number beside its link and does not fail for it.
func (s *Server) contributionCount(r *http.Request, meetingID string) int {
	ctx := r.Context()
	vis, err := s.db.VisibilityFor(ctx, actor(r))
	if err != nil {
		return -1
	}
	n, err := s.db.CountContributions(ctx, vis, store.SearchQuery{MeetingIDs: []string{meetingID}})
	if err != nil {
		s.log.Warn("counting contributions", "meeting", meetingID, "err", err)
		return -1
	}
	return n
}

// moderationView is the secretariat's queue of submitted contributions.
type moderationView struct {
	Meeting *domain.Meeting
	Items   []contribItem
	Counts  []facetValue // contributions by status
	Pager   Pager
	Total   int
}

// moderation lists a meeting's submitted contributions, oldest first, for
// its secretariat to publish or return.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &moderationView{Meeting: m}
	pg := s.page(r, "", v)
	pg.Title = pg.T("moderation.title", m.Name())
	vis, err := s.db.VisibilityFor(ctx, a)
	var all, queue *store.SearchResult
	if err == nil {
		all, err = s.db.Search(ctx, vis, store.SearchQuery{MeetingIDs: []string{id}, Facets: true, Limit: 1})
	}
	offset := pageOffset(r)
	if err == nil {
		queue, err = s.db.Search(ctx, vis, store.SearchQuery{MeetingIDs: []string{id}, Statuses: []domain.Status{domain.StatusSubmitted},
			Sort: store.SortOldest, Offset: offset, Limit: contribPageSize, Cursor: r.URL.Query().Get("cursor")})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lb := s.labels(ctx, pg)
	lb.meetings[m.ID] = m
	if err := lb.loadTags(); err != nil {
		s.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, c := range all.Facets["status"] {
		counts[c.Value] = c.Count
	}
	for _, st := range domain.Statuses {
		v.Counts = append(v.Counts, facetValue{Value: string(st), Label: lb.status(st), Count: counts[string(st)]})
	}
	v.Total = queue.Total
	bodies := make([]string, 0, len(queue.Items))
	for _, c := range queue.Items {
		bodies = append(bodies, c.BodyID)
	}
	lb.loadBodies(bodies)
	for _, c := range queue.Items {
		v.Items = append(v.Items, lb.item(c, a, false))
	}
	v.Pager = keysetPager(r, offset, contribPageSize, queue.Total, r.URL.Query().Get("cursor"), queue.Next, queue.Prev)
	s.render(w, r, http.StatusOK, "moderation", pg)
}
