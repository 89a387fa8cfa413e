package contribio_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// setup is what contributions refer to: a meeting with three guiding
// questions, bodies, accounts, the Global Compact and an SDG framework.
type setup struct {
	ctx       context.Context
	meeting   string
	other     string // a second meeting
	questions []string
	bodies    map[string]string // acronym or name to ID
	users     map[string]string // e-mail to ID
	items     map[string]string // "gcm:O1", "sdg:10.7" to item ID
}

func newSetup(t testing.TB, db *store.DB) *setup {
	t.Helper()
	ctx := context.Background()
	s := &setup{ctx: ctx, bodies: map[string]string{}, users: map[string]string{}, items: map[string]string{}}
	p := &domain.Process{Name: "ISCM consultations"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	q := func(text string) *domain.ItemNode {
		return &domain.ItemNode{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Text: text}}
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{
		{Session: domain.Session{Number: 1, Title: "Global processes"}, Items: []*domain.ItemNode{q("What role can the global processes play?")}},
		{Session: domain.Session{Number: 2, Title: "Regional inputs"}, Items: []*domain.ItemNode{
			q("What are five recommendations your region thinks must be reflected in the GCM?"),
			q("Which good practices can be replicated?")}},
	}}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.meeting = a.Meeting.ID
	m2 := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 8"}
	if err := db.CreateMeeting(ctx, m2); err != nil {
		t.Fatal(err)
	}
	s.other = m2.ID
	qs, err := db.GuidingQuestions(ctx, s.meeting)
	if err != nil || len(qs) != 3 {
		t.Fatalf("guiding questions: %d, %v", len(qs), err)
	}
	for _, q := range qs {
		s.questions = append(s.questions, q.ID)
	}
	for _, b := range []*domain.Body{
		{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "Americas"},
		{Name: "Budapest Process", Kind: domain.BodyRCP, Region: "Europe"},
		{Name: "Colombo Process", Acronym: "CP", Kind: domain.BodyRCP, Region: "Asia"},
		{Name: "Caribbean Partnership", Acronym: "CP", Kind: domain.BodyNGO, Region: "Americas"},
		{Name: "Arab Regional Consultative Process", Acronym: "ARCP", Kind: domain.BodyRCP, Region: "Middle East and North Africa"},
	} {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		key := b.Acronym
		if key == "" || key == "CP" {
			key = b.Name
		}
		s.bodies[key] = b.ID
	}
	for _, u := range []*domain.User{{Email: "ana@example.org", Name: "Ana"}, {Email: "li@example.org", Name: "Li Wei"}} {
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		s.users[u.Email] = u.ID
	}
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportFramework(ctx, reference.Framework{Code: "sdg", Name: "SDG targets", Lang: "en", Items: []reference.Item{
		{Code: "10.7", Title: "Facilitate orderly, safe, regular and responsible migration"},
		{Code: "8.8", Title: "Protect labour rights"},
	}}, false); err != nil {
		t.Fatal(err)
	}
	fws, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fws {
		full, err := db.Framework(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range full.Items {
			s.items[f.Code+":"+it.Code] = it.ID
		}
	}
	return s
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// contributions returns one contribution of every kind and status, with
// every field used somewhere, in several languages.
func (s *setup) contributions() []*domain.Contribution {
	gp := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindGoodPractice, Practice: domain.PracticeLegislation,
		Status: domain.StatusPublished, Title: "Regularisation of migrant workers, \"Ley 9.0\"",
		Text:   "A law that lets migrant workers regularise their status.\nSecond paragraph, with a comma; and a semicolon.",
		BodyID: s.bodies["RCM"], AuthorID: s.users["ana@example.org"], QuestionID: s.questions[2], Lang: "en",
		Regions: []string{"Americas", "Central America"}, Countries: []string{"CR", "PA"},
		Tags:  []string{s.items["gcm:O5"], s.items["gcm:O7"], s.items["gcm:Pc"], s.items["sdg:10.7"]},
		Where: "Costa Rica", Implementer: "Ministry of Labour", Partners: "IOM, ILO", PeriodFrom: "2015", PeriodTo: "2019-06",
		Results: "12,000 workers regularised", Replicability: "Needs a registry of employers.",
		Links:     []string{"https://example.org/law", "https://example.org/report.pdf"},
		CreatedAt: at("2017-10-02T08:00:00Z"), SubmittedAt: at("2017-10-03T09:30:00.123Z"), PublishedAt: at("2017-10-04T10:00:00Z"),
		Translations: []domain.Translation{
			{Lang: "es", Title: "Regularización de trabajadores migrantes", Text: "Una ley que permite regularizar su situación.", Translator: "Secretaría", UpdatedAt: at("2017-10-05T10:00:00Z")},
			{Lang: "fr", Title: "Régularisation des travailleurs migrants", Text: "Une loi qui permet de régulariser leur situation.", Machine: true, UpdatedAt: at("2017-10-05T11:00:00Z")},
		}}
	ar := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindRecommendation, Status: domain.StatusSubmitted,
		Title: "حماية حقوق العمال المهاجرين", Text: "ينبغي أن يتضمن الاتفاق العالمي آليات لحماية حقوق العمال المهاجرين في بلدان العبور والمقصد.",
		BodyID: s.bodies["ARCP"], QuestionID: s.questions[1], Lang: "ar", Regions: []string{"Middle East and North Africa"},
		Countries: []string{"EG", "JO"}, Tags: []string{s.items["gcm:O6"]}, CreatedAt: at("2017-10-02T09:00:00Z"),
		SubmittedAt: at("2017-10-02T09:05:00Z"), Demo: true,
		Translations: []domain.Translation{{Lang: "en", Title: "Protect the rights of migrant workers", Text: "The compact should include mechanisms to protect migrant workers.", UpdatedAt: at("2017-10-06T08:00:00Z")}}}
	zh := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindCommitment, Status: domain.StatusDraft,
		Title: "加强区域劳务移民合作", Text: "我们承诺在科伦坡进程框架内分享关于劳务移民招聘的良好做法。", BodyID: s.bodies["Colombo Process"],
		AuthorID: s.users["li@example.org"], Lang: "zh", Regions: []string{"Asia"}, Countries: []string{"CN", "LK"},
		Tags: []string{s.items["gcm:O6"], s.items["sdg:8.8"]}, CreatedAt: at("2017-10-02T10:00:00Z")}
	returned := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindIssue, Status: domain.StatusReturned,
		Title: "=Lack of data on return migration", Text: "-Few countries collect data on returnees.", Lang: "en",
		ReturnReason: "Please name the countries concerned.", CreatedAt: at("2017-10-02T11:00:00Z"), SubmittedAt: at("2017-10-02T11:30:00Z")}
	withdrawn := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindPartnership, Status: domain.StatusWithdrawn,
		Title: "Partenariat entre processus régionaux", Text: "Un partenariat entre le Processus de Budapest et le Processus de Rabat.",
		BodyID: s.bodies["Budapest Process"], Lang: "fr", Regions: []string{"Europe", "Africa"}, CreatedAt: at("2017-10-02T12:00:00Z"),
		Translations: []domain.Translation{
			{Lang: "ru", Title: "Партнёрство между региональными процессами", Text: "Партнёрство между Будапештским и Рабатским процессами.", UpdatedAt: at("2017-10-07T08:00:00Z")},
			{Lang: "zh", Title: "区域进程之间的伙伴关系", Text: "布达佩斯进程与拉巴特进程之间的伙伴关系。", Machine: true, Translator: "MT", UpdatedAt: at("2017-10-07T09:00:00Z")},
			{Lang: "ar", Title: "شراكة بين العمليات الإقليمية", Text: "شراكة بين عملية بودابست وعملية الرباط.", UpdatedAt: at("2017-10-07T10:00:00Z")},
		}}
	es := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindInnovation, Status: domain.StatusPublished,
		Title: "Ventanilla única para migrantes", Text: "Una ventanilla única que reúne los servicios para las personas migrantes.",
		Lang: "es", Countries: []string{"MX"}, CreatedAt: at("2017-10-02T13:00:00Z"), PublishedAt: at("2017-10-03T13:00:00Z"),
		SubmittedAt: at("2017-10-03T12:00:00Z"), Links: []string{"https://example.org/ventanilla"}}
	ru := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindPrinciple, Status: domain.StatusPublished,
		Title: "Общий подход к защите мигрантов", Text: "Общий подход к защите прав мигрантов в странах транзита.",
		Lang: "ru", Tags: []string{s.items["gcm:Pa"], s.items["gcm:Pj"]}, CreatedAt: at("2017-10-02T14:00:00Z"),
		SubmittedAt: at("2017-10-02T14:00:00Z"), PublishedAt: at("2017-10-02T15:00:00Z")}
	fu := &domain.Contribution{MeetingID: s.meeting, Kind: domain.KindFollowUp, Status: domain.StatusSubmitted,
		Title: "Annual review in each RCP", Text: "Each RCP reviews the implementation of the compact every year.", Lang: "en",
		Regions: []string{"Global"}, CreatedAt: at("2017-10-02T15:00:00Z"), SubmittedAt: at("2017-10-02T15:10:00Z")}
	return []*domain.Contribution{gp, ar, zh, returned, withdrawn, es, ru, fu}
}

// exportAll writes every contribution of db in format f.
func exportAll(t testing.TB, db *store.DB, f string) []byte {
	t.Helper()
	ctx := context.Background()
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.ContributionsFull(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := contribio.Write(ctx, &b, contribio.Format(f), cs, db); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// snapshot returns a function that makes fresh databases holding what db
// holds now, with the same IDs.
func snapshot(t testing.TB, db *store.DB) func() *store.DB {
	t.Helper()
	var b bytes.Buffer
	if _, err := db.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return func() *store.DB {
		fresh := storetest.Open(t)
		if _, err := fresh.Restore(context.Background(), bytes.NewReader(b.Bytes()), false); err != nil {
			t.Fatal(err)
		}
		return fresh
	}
}
