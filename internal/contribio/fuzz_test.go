package contribio_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// memResolver is a Resolver without a database, for fuzzing: one meeting
// with one guiding question, one body, one account, three framework items.
type memResolver struct{}

func (memResolver) Meeting(_ context.Context, id string) (*domain.Meeting, error) {
	if id != "m1" {
		return nil, domain.NotFound("meeting")
	}
	return &domain.Meeting{ID: "m1"}, nil
}

func (memResolver) Bodies(_ context.Context, f store.BodyFilter) ([]*domain.Body, int, error) {
	if f.Offset > 0 {
		return nil, 1, nil
	}
	return []*domain.Body{{ID: "b1", Name: "Regional Conference on Migration", Acronym: "RCM"}}, 1, nil
}

func (memResolver) GuidingQuestions(_ context.Context, meetingID string) ([]*domain.AgendaItem, error) {
	return []*domain.AgendaItem{{ID: "q1", MeetingID: meetingID, Kind: domain.ItemQuestion, Text: "What works?"}}, nil
}

func (memResolver) Frameworks(context.Context) ([]*domain.Framework, error) {
	return []*domain.Framework{{ID: "f1", Code: "gcm"}, {ID: "f2", Code: "sdg"}}, nil
}

func (memResolver) Framework(_ context.Context, id string) (*domain.Framework, error) {
	if id == "f1" {
		return &domain.Framework{ID: "f1", Code: "gcm", Items: []domain.FrameworkItem{{ID: "i1", Code: "O1", Kind: "objective"}, {ID: "i2", Code: "Pa", Kind: "principle"}}}, nil
	}
	return &domain.Framework{ID: "f2", Code: "sdg", Items: []domain.FrameworkItem{{ID: "i3", Code: "10.7"}}}, nil
}

func (memResolver) UserByEmail(_ context.Context, email string) (*domain.User, string, error) {
	if !strings.EqualFold(email, "ana@example.org") {
		return nil, "", domain.NotFound("user")
	}
	return &domain.User{ID: "u1", Email: "ana@example.org"}, "", nil
}

func (memResolver) UserByID(_ context.Context, id string) (*domain.User, error) {
	if id != "u1" {
		return nil, domain.NotFound("user")
	}
	return &domain.User{ID: "u1", Email: "ana@example.org"}, nil
}

func (memResolver) ContributionsByID(_ context.Context, ids []string) ([]*domain.Contribution, error) {
	var out []*domain.Contribution
	for _, id := range ids {
		if id == "taken" {
			out = append(out, &domain.Contribution{ID: id})
		}
	}
	return out, nil
}

// checkRead reads data and checks what any input must give: problems
// with a catalogue key and a row no larger than the file's, valid rows
// that validate again and that write and read back unchanged.
func checkRead(t *testing.T, f contribio.Format, data []byte) {
	ctx := context.Background()
	opts := contribio.Options{MeetingID: "m1", MaxRows: 200}
	rows, problems, err := contribio.Read(ctx, f, bytes.NewReader(data), memResolver{}, opts)
	if err != nil {
		t.Fatalf("Read failed without a database fault: %v", err)
	}
	for _, p := range problems {
		if p.Err == nil || p.Err.Key == "" || p.Err.Code != domain.EINVALID || p.Row < 0 {
			t.Fatalf("problem without a key: %#v", p)
		}
	}
	bad := map[int]bool{}
	for _, r := range problems.Rows() {
		bad[r] = true
	}
	var cs []*domain.Contribution
	for _, r := range rows {
		if bad[r.Line] {
			t.Fatalf("row %d is both valid and wrong", r.Line)
		}
		if err := r.Contribution.Validate(); err != nil {
			t.Fatalf("row %d read as valid does not validate: %v", r.Line, err)
		}
		cs = append(cs, r.Contribution)
	}
	if len(cs) == 0 {
		return
	}
	var out bytes.Buffer
	if err := contribio.Write(ctx, &out, f, cs, memResolver{}); err != nil {
		t.Fatalf("write back: %v", err)
	}
	again, problems, err := contribio.Read(ctx, f, &out, memResolver{}, opts)
	if err != nil || len(problems) > 0 || len(again) != len(cs) {
		t.Fatalf("written rows read back as %d rows, %v, %v\n%s", len(again), problems, err, out.Bytes())
	}
	for i := range cs {
		a, b := *cs[i], *again[i].Contribution
		a.Translations, b.Translations = nil, nil
		if a.Title != b.Title || a.Text != b.Text || a.Kind != b.Kind || strings.Join(a.Tags, " ") != strings.Join(b.Tags, " ") ||
			strings.Join(a.Regions, "|") != strings.Join(b.Regions, "|") || a.Where != b.Where || a.Lang != b.Lang {
			t.Fatalf("row %d changed on the way back:\n%+v\n%+v", i, a, b)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("kind,title,text\nissue_gap,A,B\n"))
	f.Add([]byte("\ufeffkind;title;text;regions;objectives;tags;body;author;question\ngood practice;\"A;\n\"\"x\"\"\";B;Asia; Europe;O1 pa;sdg:10.7;RCM;ana@example.org;1\n"))
	f.Add([]byte("id,kind,title,text,translation_fr,demo,created_at\ntaken,recommendation,'=A,'-B,\"{\"\"title\"\":\"\"T\"\",\"\"text\"\":\"\"X\"\"}\",yes,2017-10-10T09:30:00Z\n"))
	f.Add([]byte("kind\ttitle\ttext\twhere\nrecommendation\tA\tB\tCosta Rica\n\n\n"))
	f.Add([]byte("kind,title,text\n\"unclosed,A,B\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, contribio.CSV, data) })
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`[{"kind":"issue_gap","title":"A","text":"B"}]`))
	f.Add([]byte(`{"contributions":[{"kind":"good_practice","title":"A","text":"B","regions":["Asia","Europe"],"objectives":["O1"],"demo":true,"translation_ar":{"title":"ع","text":"نص"}}]}`))
	f.Add([]byte(`[{"kind":1,"title":null,"text":[1]},7,"x",{"Tittle":"y"}]`))
	f.Add([]byte("[\n{\"kind\": }\n]"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, contribio.JSON, data) })
}
