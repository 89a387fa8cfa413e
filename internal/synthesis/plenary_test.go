package synthesis_test

import (
	"errors"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// TestPlenary reads the synthesis as the pages and the API do: the
// reports' texts in the language asked for, else in their own; the five
// with their places; the filter by whom statements come from; and the
// errors of a request that does not fit.
func TestPlenary(t *testing.T) {
	t.Parallel()
	w, partner := plenaryWorld(t)
	tests := []struct {
		name     string
		in       synthesis.PlenaryInput
		followUp string // Africa's
		textLang string
		top      []string // Africa's then Europe's five, by text
		themed   int      // statements in themes and singles
	}{
		{name: "the original language", in: synthesis.PlenaryInput{}, followUp: "The Rabat Process.", textLang: "en",
			top: []string{w.a.Text, w.c.Text, w.b.Text, partner.Text, "Élargir les voies régulières de migration de travail."}, themed: 5},
		{name: "a translation", in: synthesis.PlenaryInput{Lang: "fr"}, followUp: "Le Processus de Rabat.", textLang: "fr", top: nil, themed: 5},
		{name: "no text in the language asked for", in: synthesis.PlenaryInput{Lang: "ar"}, followUp: "The Rabat Process.", textLang: "en", themed: 5},
		{name: "partners only", in: synthesis.PlenaryInput{From: synthesis.FromPartners}, followUp: "The Rabat Process.", textLang: "en",
			top: []string{partner.Text}, themed: 1},
		{name: "mechanisms only", in: synthesis.PlenaryInput{From: synthesis.FromMechanisms}, followUp: "The Rabat Process.", textLang: "en",
			top: []string{w.a.Text, w.c.Text, w.b.Text, "Élargir les voies régulières de migration de travail."}, themed: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.MeetingID, in.PartID = w.meeting, w.part
			p, err := w.svc.Plenary(w.ctx, w.admin, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Columns) != 2 || len(p.Groups) != 2 || p.Candidates != 5 || p.Partners != 1 || !p.CanEdit || !p.LiveOff {
				t.Fatalf("synthesis: %+v", p)
			}
			africa, europe := p.Columns[0], p.Columns[1]
			if africa.FollowUp != tt.followUp || africa.TextLang != tt.textLang || !africa.Submitted || europe.Submitted || europe.FollowUp != "" {
				t.Errorf("Africa's report %q in %q (submitted %v), Europe's %q", africa.FollowUp, africa.TextLang, africa.Submitted, europe.FollowUp)
			}
			if tt.top != nil {
				var top []string
				for _, c := range p.Columns {
					for _, it := range c.Top {
						top = append(top, it.Text)
					}
				}
				if len(top) != len(tt.top) {
					t.Fatalf("five %q, want %q", top, tt.top)
				}
				for i := range top {
					if top[i] != tt.top[i] {
						t.Errorf("five %q, want %q", top, tt.top)
					}
				}
			}
			if len(africa.Top) > 0 && africa.Top[0].Place != 1 {
				t.Errorf("Africa's first is at place %d", africa.Top[0].Place)
			}
			themed := 0
			for _, th := range append(p.Themes, p.Singles...) {
				for _, g := range th.ByGroup {
					themed += len(g.Statements)
					for _, st := range g.Statements {
						if in.From == synthesis.FromPartners && !st.ByPartner || in.From == synthesis.FromMechanisms && st.ByPartner {
							t.Errorf("the filter %s shows %q", in.From, st.Text)
						}
					}
				}
			}
			if themed != tt.themed || len(p.Choices) < len(p.Themes)+len(p.Singles) {
				t.Errorf("%d statements in themes, want %d; %d choices", themed, tt.themed, len(p.Choices))
			}
		})
	}
	outsider := &domain.Actor{User: w.users[1], Memberships: []domain.Membership{{ProcessID: "another", Role: domain.RoleSecretariat}}}
	observer := &domain.Actor{User: w.users[2], Memberships: []domain.Membership{{ProcessID: w.process, MeetingID: w.meeting, Role: domain.RoleObserver}}}
	for _, c := range []struct {
		name  string
		a     *domain.Actor
		in    synthesis.PlenaryInput
		code  string
		field string
	}{
		{name: "anonymous", a: nil, in: synthesis.PlenaryInput{MeetingID: w.meeting}, code: domain.EUNAUTHORIZED},
		{name: "outsider", a: outsider, in: synthesis.PlenaryInput{MeetingID: w.meeting}, code: domain.ENOTFOUND},
		{name: "unknown part", a: observer, in: synthesis.PlenaryInput{MeetingID: w.meeting, PartID: "nope"}, code: domain.EINVALID, field: "part"},
		{name: "unknown filter", a: observer, in: synthesis.PlenaryInput{MeetingID: w.meeting, From: "friends"}, code: domain.EINVALID, field: "from"},
		{name: "unknown language", a: observer, in: synthesis.PlenaryInput{MeetingID: w.meeting, Lang: "de"}, code: domain.EINVALID, field: "lang"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.svc.Plenary(w.ctx, c.a, c.in)
			if domain.ErrorCode(err) != c.code || c.field != "" && !hasField(err, c.field) {
				t.Fatalf("error %v, want %s on %q", err, c.code, c.field)
			}
		})
	}
	// An observer reads the first breakout part, without the edit forms.
	p, err := w.svc.Plenary(w.ctx, observer, synthesis.PlenaryInput{MeetingID: w.meeting})
	if err != nil || p.Part == nil || p.Part.ID != w.part || p.CanEdit {
		t.Fatalf("observer: %+v %v", p, err)
	}
}

// hasField reports whether err is a field error of field.
func hasField(err error, field string) bool {
	var es domain.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			if e.Field == field {
				return true
			}
		}
		return false
	}
	var e *domain.Error
	return errors.As(err, &e) && e.Field == field
}
