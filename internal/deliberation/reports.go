package deliberation

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// GroupReport is a group's report for a part as the actor may read it.
type GroupReport struct {
	*Conversation
	// Report is nil before the first save, and while it is a draft for
	// those who may not read drafts (CanSee false).
	Report *store.Report
	// CanSee says whether the actor reads the report: once submitted,
	// anyone who may see the meeting; a draft, the group's members and
	// whoever manages the meeting.
	CanSee bool
	// CanEdit says whether the actor writes the draft (the group's
	// rapporteur and whoever manages the meeting; nobody once
	// submitted); CanReopen whether they may reopen it once submitted.
	CanEdit, CanReopen bool
}

// Submitted reports whether the report has been submitted.
func (g *GroupReport) Submitted() bool {
	return g.Report != nil && g.Report.Status == store.ReportSubmitted
}

// Report reads a group's report for a part. Anyone who may see the
// meeting may ask; a draft is only shown to the group's members and whoever
// manages the meeting (see [GroupReport]).
func (s *Service) Report(ctx context.Context, a *domain.Actor, in ConversationInput) (*GroupReport, error) {
	c, err := s.conversation(ctx, a, in)
	if err != nil {
		return nil, err
	}
	sc := c.Scope
	g := &GroupReport{Conversation: c, CanEdit: a.CanManageGroup(sc.ProcessID, sc.MeetingID, c.Group.ID),
		CanReopen: a.CanManageMeeting(sc.ProcessID, sc.MeetingID)}
	rep, err := s.db.Report(ctx, c.Group.ID, c.Part.ID)
	switch {
	case err == nil:
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		rep = nil
	default:
		return nil, err
	}
	submitted := rep != nil && rep.Status == store.ReportSubmitted
	g.CanSee = submitted || a.CanSeeGroupWork(sc.ProcessID, sc.MeetingID, c.Group.ID)
	if submitted {
		g.CanEdit = false
	}
	if g.CanSee {
		g.Report = rep
	}
	return g, nil
}

// reportWriter finds a conversation whose report the actor writes: the
// group's rapporteur and whoever manages the meeting.
func (s *Service) reportWriter(ctx context.Context, a *domain.Actor, in ConversationInput) (*Conversation, error) {
	c, err := s.conversation(ctx, a, in)
	if err != nil {
		return nil, err
	}
	if !a.CanManageGroup(c.Scope.ProcessID, c.Scope.MeetingID, c.Group.ID) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "report.error_not_rapporteur", "only the group's rapporteur and the secretariat write the group's report")
	}
	return c, nil
}

// ReportInput saves a group's draft report for a part: its language, its
// texts by language, and the version read (0 for a first save).
type ReportInput struct {
	ConversationInput
	Lang    string
	Texts   map[string]store.ReportText
	Version int
}

// SaveReport creates or updates a group's draft report (see
// [store.DB.SaveReport]): the group's rapporteur and whoever manages the
// meeting may.
func (s *Service) SaveReport(ctx context.Context, a *domain.Actor, in ReportInput) (*store.Report, error) {
	c, err := s.reportWriter(ctx, a, in.ConversationInput)
	if err != nil {
		return nil, err
	}
	if err := checkAnswers(c.Questions, in.Texts); err != nil {
		return nil, err
	}
	rep := &store.Report{MeetingID: c.Scope.MeetingID, GroupID: c.Group.ID, PartID: c.Part.ID, Lang: in.Lang, Texts: in.Texts, Version: in.Version}
	if err := s.db.SaveReport(ctx, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// VersionInput names a group's report for a part and the version read.
type VersionInput struct {
	ConversationInput
	Version int
}

// SubmitReport submits a group's draft report, freezing its ranking
// ([Freeze]) and closing its ballots (see [store.DB.SubmitReport]): the
// group's rapporteur and whoever manages the meeting may.
func (s *Service) SubmitReport(ctx context.Context, a *domain.Actor, in VersionInput) (*store.Report, error) {
	c, err := s.reportWriter(ctx, a, in.ConversationInput)
	if err != nil {
		return nil, err
	}
	return s.db.SubmitReport(ctx, c.Group.ID, c.Part.ID, in.Version, Freeze, Complete(c.Questions))
}

// checkAnswers refuses an answer to a question the part does not ask.
// Answers are keyed by the agenda item's ID, so that they follow a
// question whose words the secretariat corrects.
func checkAnswers(questions []*domain.ItemNode, texts map[string]store.ReportText) error {
	var errs domain.Errors
	for lang, t := range texts {
		for id := range t.Answers {
			if !slices.ContainsFunc(questions, func(q *domain.ItemNode) bool { return q.ID == id }) {
				errs = append(errs, domain.Invalid(store.AnswerField(id, lang), "report.error_question", "answers a question the part does not ask: reload the report and answer its questions"))
			}
		}
	}
	return errs.Err()
}

// Complete returns the rule of what a report of a part asking questions
// must hold, in its own language, to be submitted: an answer to at least
// one of them (a question the group's five answer may stay blank), or,
// for a report written before reports answered the agenda's questions,
// the follow-up mechanisms and the role of RCPs; for a part that asks no
// question, those two, as its form asks them.
func Complete(questions []*domain.ItemNode) func(*store.Report) error {
	return func(r *store.Report) error {
		t := r.Texts[r.Lang]
		if len(questions) > 0 {
			for _, q := range questions {
				if strings.TrimSpace(t.Answers[q.ID]) != "" {
					return nil
				}
			}
			if strings.TrimSpace(t.FollowUp) != "" && strings.TrimSpace(t.RCPRole) != "" {
				return nil
			}
			return domain.Invalid(store.AnswerField(questions[0].ID, r.Lang), "report.error_answer", "answer at least one of the part's guiding questions before submitting")
		}
		var errs domain.Errors
		if strings.TrimSpace(t.FollowUp) == "" {
			errs = append(errs, domain.Invalid("follow_up_"+r.Lang, "report.error_follow_up", "describe the regional follow-up mechanisms before submitting"))
		}
		if strings.TrimSpace(t.RCPRole) == "" {
			errs = append(errs, domain.Invalid("rcp_role_"+r.Lang, "report.error_rcp_role", "describe the role of RCPs before submitting"))
		}
		return errs.Err()
	}
}

// Freeze counts a conversation's ranking as a submitted report keeps it:
// the method, the candidates as they read, the full tally and the top
// five. The store calls it inside the transaction that submits the report.
func Freeze(in *store.RankingInput) (*store.ReportSnapshot, error) {
	t, err := Count(in)
	if err != nil {
		return nil, err
	}
	snap := &store.ReportSnapshot{Method: t.Settings.Method, ScoreMin: t.Settings.ScoreMin, ScoreMax: t.Settings.ScoreMax,
		Ballots: t.Ballots, Result: t.Result, Top: t.Top}
	for _, c := range t.Candidates {
		snap.Candidates = append(snap.Candidates, store.SnapshotCandidate{ID: c.ID, Kind: c.Kind, Text: c.Text, Lang: c.Lang, ByPartner: c.ByPartner})
	}
	return snap, nil
}

// ReopenReport returns a submitted report to draft, dropping its frozen
// ranking and opening the group's ballots again (see
// [store.DB.ReopenReport]): whoever manages the meeting may, not the
// rapporteur.
func (s *Service) ReopenReport(ctx context.Context, a *domain.Actor, in VersionInput) (*store.Report, error) {
	c, err := s.conversation(ctx, a, in.ConversationInput)
	if err != nil {
		return nil, err
	}
	if !a.CanManageMeeting(c.Scope.ProcessID, c.Scope.MeetingID) {
		return nil, domain.Forbidden()
	}
	return s.db.ReopenReport(ctx, c.Group.ID, c.Part.ID, in.Version)
}

// MeetingReports is every group report of a meeting.
type MeetingReports struct {
	Meeting *domain.Meeting
	// Reports are ordered by group name, then part.
	Reports []*store.Report
	// Groups are the meeting's breakout groups; Parts its session parts
	// in the agenda's order.
	Groups []*domain.Group
	Parts  []*domain.Part
	// Questions are the guiding questions each part asks, by part ID.
	Questions map[string][]*domain.ItemNode
}

// Reports reads every group report of a meeting, drafts included: whoever
// manages the meeting may ([domain.EFORBIDDEN] for its other members).
func (s *Service) Reports(ctx context.Context, a *domain.Actor, meetingID string) (*MeetingReports, error) {
	if _, err := s.managed(ctx, a, "meeting", meetingID); err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	mr := &MeetingReports{Meeting: ag.Meeting, Questions: map[string][]*domain.ItemNode{}}
	for _, sn := range ag.Sessions {
		for _, pn := range sn.Parts {
			p := pn.Part
			mr.Parts = append(mr.Parts, &p)
			mr.Questions[p.ID] = domain.PartQuestions(sn, pn)
		}
	}
	if mr.Reports, err = s.db.Reports(ctx, meetingID); err != nil {
		return nil, err
	}
	if mr.Groups, err = s.db.Groups(ctx, meetingID); err != nil {
		return nil, err
	}
	return mr, nil
}
