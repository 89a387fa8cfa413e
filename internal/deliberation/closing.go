package deliberation

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// DefaultClosingLead is how long before a breakout part ends its groups'
// voters are told that voting closes soon (docs/MAIL.md).
const DefaultClosingLead = time.Hour

// zoneSlack widens the search for parts ending soon by the largest offset
// of a time zone from UTC (14 hours) and a day's change of offset: the
// parts' ends are wall-clock times in their meetings' zones.
const zoneSlack = 26 * time.Hour

// SweepClosingVotes tells the voting members of a meeting's breakout
// groups (not observers) that voting in a breakout part closes soon: the
// parts whose end, set with the meeting's times, is after now and at most
// lead away, while their ranking is open; a group whose report of the
// part is submitted votes no more and is not told. The server runs it
// (no person acts). Each person is told once per part, group and end (an
// end moved later tells again), however often it runs and however many
// servers share the database: one sweep runs at a time
// ([store.DB.RunExclusive]) and the notices' dedupe keys make the rest.
// It returns how many notices were new.
func (s *Service) SweepClosingVotes(ctx context.Context, now time.Time, lead time.Duration) (int, error) {
	if lead <= 0 {
		return 0, nil
	}
	total := 0
	_, err := s.db.RunExclusive(ctx, "voting_closing", func(ctx context.Context) error {
		from, to := now.UTC().Add(-zoneSlack).Format(domain.TimeLayout), now.UTC().Add(lead+zoneSlack).Format(domain.TimeLayout)
		parts, err := s.db.PartsEnding(ctx, domain.PartBreakout, from, to)
		if err != nil {
			return err
		}
		meetings := map[string]*domain.Meeting{}
		var ns []*store.Notification
		for _, pe := range parts {
			m, ok := meetings[pe.MeetingID]
			if !ok {
				if m, err = s.db.Meeting(ctx, pe.MeetingID); err != nil {
					return err
				}
				meetings[pe.MeetingID] = m
			}
			_, end, ok := pe.Part.In(m.Location())
			if !ok || !end.After(now) || end.After(now.Add(lead)) {
				continue
			}
			set, err := s.db.RankingSettings(ctx, pe.Part.ID)
			if err != nil {
				return err
			}
			if !set.Open {
				continue
			}
			more, err := s.closingNotices(ctx, m, pe.Part)
			if err != nil {
				return err
			}
			ns = append(ns, more...)
		}
		total, err = s.db.AddNotifications(ctx, ns)
		return err
	})
	return total, err
}

// closingNotices tell the voters of the meeting's groups whose report of
// the part is not submitted that voting in the part closes at its end.
func (s *Service) closingNotices(ctx context.Context, m *domain.Meeting, p *domain.Part) ([]*store.Notification, error) {
	groups, err := s.db.Groups(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, g := range groups {
		switch rep, err := s.db.Report(ctx, g.ID, p.ID); {
		case err == nil && rep.Status == store.ReportSubmitted:
			continue
		case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
			return nil, err
		}
		names[g.ID] = g.Name
	}
	members, err := s.db.Members(ctx, m.ProcessID, m.ID)
	if err != nil {
		return nil, err
	}
	until := strings.Replace(p.EndsAt, "T", " ", 1) + " (" + m.Zone() + ")"
	var out []*store.Notification
	for _, v := range members {
		if v.GroupID == "" || names[v.GroupID] == "" || v.Role == domain.RoleObserver {
			continue
		}
		out = append(out, &store.Notification{UserID: v.UserID, Kind: "voting_closing", Dedupe: "voting_closing:" + p.ID + ":" + v.GroupID + ":" + p.EndsAt,
			ProcessID: m.ProcessID, ObjectType: "group", ObjectID: v.GroupID, Link: "/groups/" + v.GroupID + "/rank?part=" + p.ID,
			Params: map[string]string{"group": names[v.GroupID], "meeting": m.Name(), "until": until}})
	}
	return out, nil
}

// TellClosingVotes is [Service.SweepClosingVotes] at a tick of the
// server's timer, logging what it sent and what failed; a failed sweep is
// tried again at the next tick.
func (s *Service) TellClosingVotes(ctx context.Context, now time.Time, lead time.Duration, log *slog.Logger) {
	n, err := s.SweepClosingVotes(ctx, now, lead)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("voting closing soon", slog.Any("err", err))
	case n > 0:
		log.Info("voting closing soon: voters told", slog.Int("notifications", n))
	}
}
