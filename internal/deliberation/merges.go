package deliberation

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// MergeInput merges a duplicate statement (FromID) into the statement
// that stands (IntoID), both of the group.
type MergeInput struct {
	GroupID, PartID string
	IntoID, FromID  string
}

// Merged is a merge made, in the group's workspace as the merge found it.
type Merged struct {
	Merge *domain.StatementMerge
	Work  *GroupWork
}

// Merge merges a duplicate statement into another of the same group (see
// [store.DB.MergeStatements]): the group's rapporteur and whoever manages
// the meeting may ([domain.EFORBIDDEN] for the group's other members).
// Both statements must be chosen and belong to the group
// ([domain.EINVALID]), so that a form cannot reach another group's
// statements. Live views learn of the merge.
func (s *Service) Merge(ctx context.Context, a *domain.Actor, in MergeInput) (*Merged, error) {
	gw, err := s.GroupWork(ctx, a, ConversationInput{GroupID: in.GroupID, PartID: in.PartID})
	if err != nil {
		return nil, err
	}
	if !gw.CanMerge {
		return nil, domain.Forbidden()
	}
	for _, id := range []string{in.IntoID, in.FromID} {
		if id == "" {
			return nil, domain.Invalid("from", "statement.error_merge_choose", "choose the two statements to merge")
		}
		st, err := s.db.Statement(ctx, id)
		if err != nil || st.GroupID != gw.Group.ID {
			return nil, domain.Invalid("from", "statement.error_merge_conversation", "only statements of the same group can be merged")
		}
	}
	m, err := s.db.MergeStatements(ctx, in.IntoID, in.FromID)
	if err != nil {
		return nil, err
	}
	if s.live != nil {
		s.live.Merged(m.MeetingID, m.IntoID, m.FromID)
	}
	return &Merged{Merge: m, Work: gw}, nil
}

// Undone is a merge undone, with the statement it had merged into.
type Undone struct {
	Merge *domain.StatementMerge
	Into  *domain.Statement
}

// UndoMerge undoes a merge of a group's statements: the votes that moved
// go back exactly (see [store.DB.UndoMerge]). The group's rapporteur and
// whoever manages the meeting may; a merge outside a breakout group, or
// of a meeting the actor may not see, is [domain.ENOTFOUND]. Live views
// learn of it.
func (s *Service) UndoMerge(ctx context.Context, a *domain.Actor, mergeID string) (*Undone, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	m, err := s.db.Merge(ctx, mergeID)
	if err != nil {
		return nil, err
	}
	into, err := s.db.Statement(ctx, m.IntoID)
	if err != nil {
		return nil, err
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", m.MeetingID)
	if err != nil {
		return nil, err
	}
	switch {
	case into.GroupID == "" || !a.CanViewMeeting(sc.ProcessID, sc.MeetingID):
		return nil, domain.NotFound("merge")
	case !a.CanMergeStatements(sc.ProcessID, sc.MeetingID, into.GroupID):
		return nil, domain.Forbidden()
	}
	undone, err := s.db.UndoMerge(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if s.live != nil {
		s.live.Merged(m.MeetingID, m.IntoID, m.FromID)
	}
	return &Undone{Merge: undone, Into: into}, nil
}
