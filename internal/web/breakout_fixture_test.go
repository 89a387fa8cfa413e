package web

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// addMerge gives the fixture a second statement beside st (to merge) and a
// merge of two more (to undo).
func (f *fixture) addMerge(t *testing.T, ctx context.Context, st *domain.Statement) {
	t.Helper()
	var more []*domain.Statement
	for _, text := range []string{"Widen the regular pathways.", "Protect migrant workers' wages.", "Protect the wages of migrant workers."} {
		x := &domain.Statement{MeetingID: st.MeetingID, GroupID: st.GroupID, Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := f.db.CreateStatement(ctx, x); err != nil {
			t.Fatal(err)
		}
		more = append(more, x)
	}
	f.ids["statement2"] = more[0].ID
	m, err := f.db.MergeStatements(ctx, more[1].ID, more[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	f.ids["merge"] = m.ID
}
