package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/store"
)

// The demo contributions are written by hand, as building blocks, in
// data/contributions*.json: the bodies with the regions and languages they
// write in, ideas (a recommendation, a commitment, an issue...) phrased in
// several ways and in some of the six languages, and good practices with
// what practice databases record about them. A generator with a fixed seed
// turns them into the GRCP 7 inputs: each idea once for every region that
// raised it, by a body of that region, in the region's language when the
// idea is written in it, so that the same idea comes back from several
// regions in other words and other languages, as it did at the meeting.
//
//go:embed data/contributions*.json
var contributionFiles embed.FS

// ml is a short text in several languages, by language code.
type ml map[string]string

// demoBody is a body that submits demo contributions.
type demoBody struct {
	Label  string   `json:"body"`   // as domain.Body.Label
	Region string   `json:"region"` // the breakout group's region
	Also   []string `json:"also"`   // further regions it spans
	Langs  []string `json:"langs"`  // languages besides English it writes in
	Author string   `json:"author"` // e-mail of the demo account that submits for it
}

// phrasing is an idea in one language: titles, texts and reasons that go
// together by position with the English ones.
type phrasing struct {
	Titles []string `json:"titles"`
	Texts  []string `json:"texts"`
	Why    []string `json:"why"`
}

// idea is what several regions may say in their own words.
type idea struct {
	Key        string                  `json:"key"`
	Kind       domain.ContributionKind `json:"kind"`
	Objectives []string                `json:"obj"` // GCM codes O1…O23
	Principles []string                `json:"pr"`  // GCM codes Pa…Pj
	Regions    []string                `json:"regions"`
	By         []string                `json:"by"`      // body roles allowed: iscm, global, partner, state
	Opposes    string                  `json:"opposes"` // key of an idea this one contradicts
	Text       map[string]phrasing     `json:"text"`
}

// practice is one good practice, written out in full.
type practice struct {
	Body          string              `json:"body"`
	Lang          string              `json:"lang"`
	Type          domain.PracticeType `json:"type"`
	Countries     []string            `json:"countries"`
	Objectives    []string            `json:"obj"`
	Principles    []string            `json:"pr"`
	Title         string              `json:"title"`
	Text          string              `json:"text"`
	Where         string              `json:"where"`
	Implementer   string              `json:"implementer"`
	Partners      string              `json:"partners"`
	From          string              `json:"from"`
	To            string              `json:"to"`
	Results       string              `json:"results"`
	Replicability string              `json:"replicability"`
	Links         []string            `json:"links"`
	English       *struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"en"`
}

// demoData is the content of the data files, merged.
type demoData struct {
	Bodies        []demoBody      `json:"bodies"`
	Provenance    map[string][]ml `json:"provenance"` // by body role
	ReturnReasons []string        `json:"return_reasons"`
	Ideas         []idea          `json:"ideas"`
	Practices     []practice      `json:"practices"`
}

func readDemoData() (*demoData, error) {
	d := &demoData{Provenance: map[string][]ml{}}
	names, err := fs.Glob(contributionFiles, "data/contributions*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		b, err := contributionFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var part demoData
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d.Bodies = append(d.Bodies, part.Bodies...)
		for k, v := range part.Provenance {
			d.Provenance[k] = append(d.Provenance[k], v...)
		}
		d.ReturnReasons = append(d.ReturnReasons, part.ReturnReasons...)
		d.Ideas = append(d.Ideas, part.Ideas...)
		d.Practices = append(d.Practices, part.Practices...)
	}
	return d, nil
}

// The guiding questions of the GRCP 7 agenda the demo answers, found by
// the start of their text.
const (
	qGlobalRole         = "What role can the global processes"
	qGlobalPractices    = "Which good practices among those proposed by the global processes"
	qGlobalPartnerships = "What partnerships can the global processes suggest"
	qRegionRecs         = "What are five recommendations or actionable commitments that your region"
	qRegionMech         = "What mechanisms at the regional level would ensure"
	qAcross             = "Which of the regional good practices and substantive input"
	qMeans              = "What possible means of implementation"
	qFollowRole         = "What role can ISCMs play in GCM follow-up and review"
	qPartnerRecs        = "What are the core recommendations to the GCM by ISCM partners"
	qPartnerPractices   = "What effective practices do ISCM partners"
	qPartnerEngage      = "What are the overall recommendations on partner engagement"
	qPartnerHow         = "How have partners engaged"
)

// demoPlan is a contribution the demo will create, with what the tests
// need to know about where it came from.
type demoPlan struct {
	C      *domain.Contribution
	Idea   string // the idea's key, "" for a good practice
	Region string // the breakout group's region it was raised in
}

// genEnv is what the generator needs from the database.
type genEnv struct {
	meetingID string
	bodies    map[string]*domain.Body // by label
	questions map[string]string       // question ID by the start of its text
	tags      map[string]string       // GCM item ID by code
	authors   map[string]string       // user ID by e-mail
}

func loadGenEnv(ctx context.Context, db *store.DB, meetingID string) (*genEnv, error) {
	env := &genEnv{meetingID: meetingID, bodies: map[string]*domain.Body{}, questions: map[string]string{},
		tags: map[string]string{}, authors: map[string]string{}}
	bs, _, err := db.Bodies(ctx, store.BodyFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		env.bodies[b.Label()] = b
	}
	qs, err := db.GuidingQuestions(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	for _, key := range []string{qGlobalRole, qGlobalPractices, qGlobalPartnerships, qRegionRecs, qRegionMech, qAcross,
		qMeans, qFollowRole, qPartnerRecs, qPartnerPractices, qPartnerEngage, qPartnerHow} {
		for _, q := range qs {
			if strings.HasPrefix(q.Text, key) {
				env.questions[key] = q.ID
				break
			}
		}
		if env.questions[key] == "" {
			return nil, fmt.Errorf("the agenda has no guiding question %q…", key)
		}
	}
	fws, err := db.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range fws {
		if f.Code != reference.GCMCode {
			continue
		}
		full, err := db.Framework(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range full.Items {
			env.tags[it.Code] = it.ID
		}
	}
	if len(env.tags) == 0 {
		return nil, fmt.Errorf("the %s framework is missing", reference.GCMCode)
	}
	return env, nil
}

// loadContributions adds the demo contributions to the GRCP 7 meeting in
// one transaction.
func loadContributions(ctx context.Context, db *store.DB, meetingID string) error {
	plan, err := demoContributions(ctx, db, meetingID)
	if err != nil {
		return fmt.Errorf("demo: contributions: %w", err)
	}
	cs := make([]*domain.Contribution, len(plan))
	for i, p := range plan {
		cs[i] = p.C
	}
	if err := db.CreateContributions(ctx, cs); err != nil {
		return fmt.Errorf("demo: contributions: %w", err)
	}
	return nil
}

// demoAuthors are the demo accounts that submit for their bodies.
var demoAuthors = []string{"delegate@demo.plenary.local", "delegate2@demo.plenary.local", "partner@demo.plenary.local", "rapporteur@demo.plenary.local"}

// demoContributions plans the demo contributions of the meeting from the
// data files and what the database holds: bodies, guiding questions, the
// GCM framework and the demo accounts.
func demoContributions(ctx context.Context, db *store.DB, meetingID string) ([]demoPlan, error) {
	env, err := loadGenEnv(ctx, db, meetingID)
	if err != nil {
		return nil, err
	}
	for _, email := range demoAuthors {
		u, _, err := db.UserByEmail(ctx, email)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", email, err)
		}
		env.authors[email] = u.ID
	}
	d, err := readDemoData()
	if err != nil {
		return nil, err
	}
	return planContributions(d, env)
}

// bodyRole says in which capacity a body speaks at GRCP 7.
func bodyRole(b *domain.Body) string {
	switch b.Kind {
	case domain.BodyRCP, domain.BodyIRF:
		return "iscm"
	case domain.BodyGlobalProcess:
		return "global"
	case domain.BodyState:
		return "state"
	}
	return "partner"
}

// demoSeed makes the demo the same every time.
const demoSeed = 7

// The weeks before GRCP 7 (10-11 October 2017) in which inputs came in.
var (
	demoFirstDay = time.Date(2017, 8, 14, 0, 0, 0, 0, time.UTC)
	demoLastDay  = time.Date(2017, 10, 9, 0, 0, 0, 0, time.UTC)
)

// planner turns the building blocks into contributions.
type planner struct {
	d       *demoData
	env     *genEnv
	rng     *rand.Rand
	ids     *rand.ChaCha8
	bodies  map[string]demoBody // by label
	used    map[string]int      // contributions per body label, to spread them
	texts   map[string]bool     // texts given already, to keep each one unique
	authorN int                 // contributions of bodies with a demo account
	otherN  int
	transN  int
	plan    []demoPlan
}

// planContributions returns the demo contributions in a fixed order with
// fixed IDs, dates and statuses.
func planContributions(d *demoData, env *genEnv) ([]demoPlan, error) {
	p := &planner{d: d, env: env, rng: rand.New(rand.NewPCG(demoSeed, demoSeed)),
		ids:    rand.NewChaCha8([32]byte{'p', 'l', 'e', 'n', 'a', 'r', 'y', '-', 'd', 'e', 'm', 'o'}),
		bodies: map[string]demoBody{}, used: map[string]int{}, texts: map[string]bool{}}
	for _, b := range d.Bodies {
		if env.bodies[b.Label] == nil {
			return nil, fmt.Errorf("body %q is not in the demo", b.Label)
		}
		if b.Author != "" && env.authors[b.Author] == "" {
			return nil, fmt.Errorf("body %q: %s is not a demo account", b.Label, b.Author)
		}
		p.bodies[b.Label] = b
	}
	keys := map[string]bool{}
	for _, it := range d.Ideas {
		if keys[it.Key] {
			return nil, fmt.Errorf("idea %s: the key is used twice", it.Key)
		}
		keys[it.Key] = true
	}
	for _, it := range d.Ideas {
		if it.Opposes != "" && !keys[it.Opposes] {
			return nil, fmt.Errorf("idea %s opposes %q, which is not an idea", it.Key, it.Opposes)
		}
		for _, region := range it.Regions {
			if err := p.addIdea(it, region); err != nil {
				return nil, fmt.Errorf("idea %s in %s: %w", it.Key, region, err)
			}
		}
	}
	for i, pr := range d.Practices {
		if err := p.addPractice(pr); err != nil {
			return nil, fmt.Errorf("practice %d (%s): %w", i+1, pr.Title, err)
		}
	}
	// Interleave ideas and practices by date, as they came in.
	slices.SortStableFunc(p.plan, func(a, b demoPlan) int { return a.C.CreatedAt.Compare(b.C.CreatedAt) })
	for _, pl := range p.plan {
		pl.C.ID = strings.ToLower(ulid.MustNew(ulid.Timestamp(pl.C.CreatedAt), p.ids).String())
	}
	return p.plan, nil
}

func (p *planner) addIdea(it idea, region string) error {
	en, ok := it.Text["en"]
	if !ok || len(en.Titles) == 0 || len(en.Texts) == 0 || len(en.Why) == 0 {
		return fmt.Errorf("no English title, text and reason")
	}
	for lang, ph := range it.Text {
		if !slices.Contains(domain.Locales, lang) {
			return fmt.Errorf("unknown language %q", lang)
		}
		if lang != "en" && (len(ph.Titles) == 0 || len(ph.Titles) > len(en.Titles) || len(ph.Texts) == 0 ||
			len(ph.Texts) > len(en.Texts) || len(ph.Why) == 0 || len(ph.Why) > len(en.Why)) {
			return fmt.Errorf("the %s phrasing must have titles, texts and reasons matching English ones by position", lang)
		}
	}
	// Candidate bodies: of the region, in a role the idea allows.
	var cands []demoBody
	for _, b := range p.d.Bodies {
		if b.Region == region && (len(it.By) == 0 || slices.Contains(it.By, bodyRole(p.env.bodies[b.Label]))) {
			cands = append(cands, b)
		}
	}
	if len(cands) == 0 {
		return fmt.Errorf("no body of the region may submit it")
	}
	// The region's own language, when the idea is written in it, two times
	// in five; English, the working language of most processes, otherwise.
	lang := "en"
	var local []string
	for _, b := range cands {
		for _, l := range b.Langs {
			if _, ok := it.Text[l]; ok && !slices.Contains(local, l) {
				local = append(local, l)
			}
		}
	}
	if len(local) > 0 && p.rng.IntN(5) < 2 {
		lang = local[p.rng.IntN(len(local))]
	}
	var writers []demoBody
	for _, b := range cands {
		if lang == "en" || slices.Contains(b.Langs, lang) {
			writers = append(writers, b)
		}
	}
	b := p.leastUsed(writers)
	role := bodyRole(p.env.bodies[b.Label])
	prov := p.d.Provenance[role]
	ph := it.Text[lang]
	// Try the combinations of title, text and provenance from a random
	// start until one gives a text not used yet. A text keeps the reason
	// written beside it: reasons often fit one phrasing only.
	nt, nx, np := len(ph.Titles), len(ph.Texts), len(prov)+1
	total := nt * nx * np
	start := p.rng.IntN(total)
	for k := range total {
		n := (start + k) % total
		ti, xi, pi := n%nt, (n/nt)%nx, (n/(nt*nx))%np
		wi := min(xi, len(ph.Why)-1)
		text, ok := compose(lang, ph.Texts[xi], ph.Why[wi], prov, pi-1, region == globalRegion)
		if !ok || p.texts[text] {
			continue
		}
		c := p.newContribution(it.Kind, b, lang, ph.Titles[ti], text)
		c.Tags = p.tagIDs(it.Objectives, it.Principles)
		if lang != "en" && p.transN%2 == 0 {
			entext, ok := compose("en", en.Texts[xi], en.Why[wi], prov, pi-1, region == globalRegion)
			if !ok {
				return fmt.Errorf("provenance %d has no English text", pi)
			}
			c.Translations = []domain.Translation{{Lang: "en", Title: en.Titles[ti], Text: entext, Translator: "Demo secretariat", UpdatedAt: c.PublishedAt}}
		}
		if lang != "en" {
			p.transN++
		}
		if len(c.Tags) == 0 {
			return fmt.Errorf("no tags")
		}
		p.texts[text] = true
		p.plan = append(p.plan, demoPlan{C: c, Idea: it.Key, Region: region})
		return nil
	}
	return fmt.Errorf("every way of phrasing it in %s is used already", lang)
}

// globalRegion is the region of the global processes and partners.
const globalRegion = "Global"

// compose joins an idea's text, the reason given for it and, when i is
// not negative, where it comes from. Global processes and partners speak
// for no region: reasons and provenances about "the region" are left out
// of what they submit (they write in English only).
func compose(lang, text, why string, prov []ml, i int, global bool) (string, bool) {
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	parts := []string{strings.TrimSpace(text)}
	if !global || !strings.Contains(why, "region") {
		parts = append(parts, strings.TrimSpace(why))
	}
	if i >= 0 {
		s, ok := prov[i][lang]
		if !ok || (global && strings.Contains(s, "region")) {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, sep), true
}

func (p *planner) addPractice(pr practice) error {
	b, ok := p.bodies[pr.Body]
	if !ok {
		return fmt.Errorf("body %q has no entry in the bodies list", pr.Body)
	}
	if pr.Lang != "en" && !slices.Contains(b.Langs, pr.Lang) {
		return fmt.Errorf("%s does not write in %q", pr.Body, pr.Lang)
	}
	if p.texts[pr.Text] {
		return fmt.Errorf("the text is used twice")
	}
	p.texts[pr.Text] = true
	c := p.newContribution(domain.KindGoodPractice, b, pr.Lang, pr.Title, pr.Text)
	c.Practice = pr.Type
	c.Countries = pr.Countries
	c.Where, c.Implementer, c.Partners = pr.Where, pr.Implementer, pr.Partners
	c.PeriodFrom, c.PeriodTo = pr.From, pr.To
	c.Results, c.Replicability = pr.Results, pr.Replicability
	c.Links = pr.Links
	for _, l := range c.Links {
		if !strings.HasPrefix(l, "https://example.org/") {
			return fmt.Errorf("link %s: demo links point to https://example.org/ only", l)
		}
	}
	c.Tags = p.tagIDs(pr.Objectives, pr.Principles)
	if pr.English != nil {
		if pr.Lang == "en" {
			return fmt.Errorf("an English practice has an English translation")
		}
		c.Translations = []domain.Translation{{Lang: "en", Title: pr.English.Title, Text: pr.English.Text, Translator: "Demo secretariat", UpdatedAt: c.PublishedAt}}
	}
	p.plan = append(p.plan, demoPlan{C: c, Region: b.Region})
	return nil
}

// leastUsed returns the body that has submitted least so far, the first
// in data order among equals, so that inputs spread over every body.
func (p *planner) leastUsed(bs []demoBody) demoBody {
	best := bs[0]
	for _, b := range bs[1:] {
		if p.used[b.Label] < p.used[best.Label] {
			best = b
		}
	}
	p.used[best.Label]++
	return best
}

func (p *planner) tagIDs(objectives, principles []string) []string {
	var ids []string
	for _, code := range append(slices.Clone(objectives), principles...) {
		if id := p.env.tags[code]; id != "" {
			ids = append(ids, id)
		} else {
			ids = append(ids, "unknown GCM code "+code) // refused by validation, with the row
		}
	}
	return ids
}

// newContribution fills what every demo contribution has: meeting, body,
// regions, guiding question, author, status and dates.
func (p *planner) newContribution(kind domain.ContributionKind, b demoBody, lang, title, text string) *domain.Contribution {
	body := p.env.bodies[b.Label]
	role := bodyRole(body)
	c := &domain.Contribution{MeetingID: p.env.meetingID, Kind: kind, Title: title, Text: text, BodyID: body.ID,
		Lang: lang, Regions: append([]string{b.Region}, b.Also...), Demo: true}
	if role == "state" {
		c.Countries = slices.Clone(body.Countries)
	}
	n := len(p.plan)
	if n%17 != 16 { // a few answer no question in particular
		c.QuestionID = p.env.questions[questionFor(kind, role, n)]
	}
	// Dates: created in the eight weeks before the meeting, submitted
	// within days, published a few days later, before the meeting opens.
	span := int(demoLastDay.Sub(demoFirstDay).Hours()/24) - 10
	created := demoFirstDay.AddDate(0, 0, p.rng.IntN(span)).Add(time.Duration(7*60+p.rng.IntN(11*60)) * time.Minute)
	submitted := created.Add(time.Duration(2+p.rng.IntN(72)) * time.Hour)
	published := submitted.Add(time.Duration(20+p.rng.IntN(96)) * time.Hour)
	if published.After(demoLastDay) {
		published = demoLastDay.Add(-time.Duration(1+p.rng.IntN(8)) * time.Hour)
	}
	c.CreatedAt = created
	// Bodies with a demo account show the whole workflow to whoever logs
	// in for them; the rest came in through the secretariat's import.
	if b.Author != "" {
		c.AuthorID = p.env.authors[b.Author]
		c.Status = []domain.Status{domain.StatusPublished, domain.StatusSubmitted, domain.StatusDraft, domain.StatusPublished,
			domain.StatusReturned, domain.StatusSubmitted, domain.StatusPublished, domain.StatusDraft, domain.StatusReturned,
			domain.StatusWithdrawn, domain.StatusPublished, domain.StatusSubmitted}[p.authorN%12]
		p.authorN++
	} else {
		c.Status = domain.StatusPublished
		switch p.otherN % 25 {
		case 7, 19:
			c.Status = domain.StatusSubmitted
		case 13:
			c.Status = domain.StatusWithdrawn
		}
		p.otherN++
	}
	switch c.Status {
	case domain.StatusSubmitted:
		c.SubmittedAt = submitted
	case domain.StatusPublished:
		c.SubmittedAt, c.PublishedAt = submitted, published
	case domain.StatusReturned:
		c.SubmittedAt = submitted
		c.ReturnReason = p.d.ReturnReasons[p.rng.IntN(len(p.d.ReturnReasons))]
	case domain.StatusWithdrawn:
		c.SubmittedAt = submitted
	}
	return c
}

// questionFor picks the guiding question a contribution answers from
// what it is and who speaks; n alternates between equally fitting ones.
func questionFor(kind domain.ContributionKind, role string, n int) string {
	switch kind {
	case domain.KindGoodPractice, domain.KindInnovation:
		switch role {
		case "partner":
			return qPartnerPractices
		case "global":
			return qGlobalPractices
		}
		return qAcross
	case domain.KindFollowUp:
		switch role {
		case "partner", "global":
			return qMeans
		}
		if n%3 == 0 {
			return qMeans
		}
		return qRegionMech
	case domain.KindPartnership:
		switch role {
		case "partner":
			if n%2 == 0 {
				return qPartnerEngage
			}
			return qPartnerHow
		case "global":
			return qGlobalPartnerships
		}
		return qFollowRole
	case domain.KindCommitment:
		if role == "iscm" && n%3 == 0 {
			return qMeans
		}
	}
	switch role {
	case "partner":
		return qPartnerRecs
	case "global":
		return qGlobalRole
	}
	return qRegionRecs
}
