package followup

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// Reminders (docs/FOLLOW-UP.md): the reports owed in a process's open
// cycles that are due within N days or overdue, listed for the
// secretariat, and the notifications that tell the people who report for
// the owing bodies. A notification is stored as facts (its kind and
// params), made into words in the reader's language when the account
// page shows it ([NotificationText]), and, once e-mail exists, by the
// e-mail sender, which reads the unsent ones with
// [store.DB.UnsentNotifications] and marks them sent.

// DefaultReminderDays is how many days ahead of a deadline reminders
// start when none is asked.
const DefaultReminderDays = 14

// MaxReminderDays bounds the days ahead a reminder list looks.
const MaxReminderDays = 366

// RemindersInput asks for the reports of a process owed within Days days
// (and those overdue).
type RemindersInput struct {
	ProcessID string
	Days      int // 0 for DefaultReminderDays
}

// Reminders is the secretariat's list of reports owed.
type Reminders struct {
	Days    int
	Today   string
	Overdue []*DueItem
	DueSoon []*DueItem
	// Bodies names the owing bodies, by ID.
	Bodies map[string]*domain.Body
}

func errDays() error {
	return domain.Invalid("days", "followup.error_days", "give a number of days from 0 to %d", MaxReminderDays)
}

// Reminders returns the reports owed in a process's open cycles that are
// overdue or due within in.Days days: the process's secretariat.
func (s *Service) Reminders(ctx context.Context, a *domain.Actor, in RemindersInput) (*Reminders, error) {
	if err := s.followUp(ctx, a, in.ProcessID); err != nil {
		return nil, err
	}
	if !a.CanManageReviewCycles(in.ProcessID) {
		return nil, errNotCycleManager()
	}
	return s.reminders(ctx, in)
}

func (s *Service) reminders(ctx context.Context, in RemindersInput) (*Reminders, error) {
	if in.Days == 0 {
		in.Days = DefaultReminderDays
	}
	if in.Days < 0 || in.Days > MaxReminderDays {
		return nil, errDays()
	}
	now := s.now().UTC()
	out := &Reminders{Days: in.Days, Today: s.today(), Bodies: map[string]*domain.Body{}}
	lines, err := s.db.DueReports(ctx, store.DueFilter{ProcessID: in.ProcessID, DueBy: now.AddDate(0, 0, in.Days).Format("2006-01-02")})
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		d := dueItem(l, out.Today)
		if d.Overdue {
			out.Overdue = append(out.Overdue, d)
		} else {
			out.DueSoon = append(out.DueSoon, d)
		}
		if _, ok := out.Bodies[l.BodyID]; !ok {
			b, err := s.db.Body(ctx, l.BodyID)
			if err != nil {
				return nil, err
			}
			out.Bodies[l.BodyID] = b
		}
	}
	// The commitments' titles in their translations, so that each reader
	// is told in their language.
	if err := s.translateDue(ctx, append(append([]*DueItem{}, out.Overdue...), out.DueSoon...)); err != nil {
		return nil, err
	}
	return out, nil
}

// Remind tells the people who report for each owing body of a process
// (its delegates and partners) of the reports due within in.Days days and
// of the overdue ones: the process's secretariat. Each person is told
// once per report and occasion (due, then overdue), however often it
// runs; it returns how many notifications were new.
func (s *Service) Remind(ctx context.Context, a *domain.Actor, in RemindersInput) (int, error) {
	if err := s.followUp(ctx, a, in.ProcessID); err != nil {
		return 0, err
	}
	if !a.CanManageReviewCycles(in.ProcessID) {
		return 0, errNotCycleManager()
	}
	return s.remind(ctx, in)
}

// SweepReminders is [Service.Remind] for every process, run by the server
// itself (the command plenary remind, or the server's daily timer,
// [Service.RunReminders]): no person acts. One sweep runs at a time on a
// database, whichever server starts it ([store.DB.RunExclusive]); one
// started meanwhile does nothing and returns 0, the running one telling
// everyone.
func (s *Service) SweepReminders(ctx context.Context, days int) (int, error) {
	total := 0
	_, err := s.db.RunExclusive(ctx, "reminders", func(ctx context.Context) error {
		ps, err := s.db.Processes(ctx, "")
		if err != nil {
			return err
		}
		for _, p := range ps {
			n, err := s.remind(ctx, RemindersInput{ProcessID: p.ID, Days: days})
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	return total, err
}

// RunReminders sweeps the reminders ([Service.SweepReminders], days
// ahead) now and then every interval until ctx ends: the server's timer,
// so that nobody needs cron. Each reminder is told once however often
// it runs and however many servers run it; a failed sweep is logged and
// tried again at the next tick.
func (s *Service) RunReminders(ctx context.Context, every time.Duration, days int, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.SweepReminders(ctx, days)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("reminders", slog.Any("err", err))
		case n > 0:
			log.Info("reminders sent", slog.Int("notifications", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) remind(ctx context.Context, in RemindersInput) (int, error) {
	r, err := s.reminders(ctx, in)
	if err != nil {
		return 0, err
	}
	all := append(append([]*DueItem{}, r.Overdue...), r.DueSoon...)
	bodies := make([]string, 0, len(r.Bodies))
	for id := range r.Bodies {
		bodies = append(bodies, id)
	}
	who, err := s.db.BodyReporters(ctx, in.ProcessID, bodies)
	if err != nil {
		return 0, err
	}
	var ns []*store.Notification
	for _, d := range all {
		kind, dedupe := "report_due", "due:"+d.CycleID+":"+d.CommitmentID+":"+d.BodyID+":"+d.Deadline
		if d.Overdue {
			kind, dedupe = "report_overdue", "overdue:"+d.CycleID+":"+d.CommitmentID+":"+d.BodyID+":"+d.Deadline
		}
		link := "/commitments/" + d.CommitmentID + "/reports/new?cycle=" + d.CycleID
		if d.ReportID != "" {
			link = "/reports/" + d.ReportID
		}
		for _, u := range who[d.BodyID] {
			params := map[string]string{"commitment": d.Title, "cycle": d.CycleName, "deadline": d.Deadline, "days": strconv.Itoa(abs(d.DaysLeft))}
			domain.TranslatedParams(params, "commitment", d.Titles)
			ns = append(ns, &store.Notification{UserID: u, Kind: kind, Dedupe: dedupe, ProcessID: d.ProcessID, ObjectType: "commitment", ObjectID: d.CommitmentID,
				Params: params, Link: link})
		}
	}
	return s.db.AddNotifications(ctx, ns)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Notifications returns the actor's own notifications, newest first, with
// how many are unread.
func (s *Service) Notifications(ctx context.Context, a *domain.Actor) ([]*store.Notification, int, error) {
	if !a.LoggedIn() {
		return nil, 0, domain.Unauthorized()
	}
	ns, err := s.db.Notifications(ctx, store.NotificationFilter{UserID: a.User.ID, Limit: 50})
	if err != nil {
		return nil, 0, err
	}
	unread, err := s.db.UnreadNotifications(ctx, a.User.ID)
	return ns, unread, err
}

// MarkRead marks the actor's notifications of ids read (all of them when
// ids is empty); IDs of another person's change nothing.
func (s *Service) MarkRead(ctx context.Context, a *domain.Actor, ids []string) (int, error) {
	if !a.LoggedIn() {
		return 0, domain.Unauthorized()
	}
	if len(ids) > 500 {
		return 0, domain.Invalid("ids", "error.too_many", "at most %d", 500)
	}
	return s.db.MarkNotificationsRead(ctx, a.User.ID, ids)
}

// NotificationText is a notification's message in p's language: "Report
// due in 5 days for commitment X", "Report returned: reason". The
// account page and, later, the e-mail sender both write it so.
func NotificationText(p *locale.Printer, n *store.Notification) string {
	q := n.Params
	commitment := domain.LocalParam(q, "commitment", p.Lang.Code)
	switch n.Kind {
	case "report_due":
		days, _ := strconv.Atoi(q["days"])
		if days == 0 {
			return p.T("notify.report_due_today", commitment, q["cycle"])
		}
		return p.N("notify.report_due", days, commitment, q["cycle"])
	case "report_overdue":
		days, _ := strconv.Atoi(q["days"])
		return p.N("notify.report_overdue", days, commitment, q["cycle"])
	case "report_returned":
		return p.T("notify.report_returned", commitment, q["period"], q["reason"])
	case "report_accepted":
		return p.T("notify.report_accepted", commitment, q["period"])
	}
	return p.T("notify.other")
}

// Inbox is what the account page shows a person of the follow-up: their
// notifications (how many unread) and the reports their bodies owe.
type Inbox struct {
	Notifications []*store.Notification
	Unread        int
	Due           []*DueItem
}

// Inbox returns the actor's notifications and the reports they owe.
func (s *Service) Inbox(ctx context.Context, a *domain.Actor) (*Inbox, error) {
	ns, unread, err := s.Notifications(ctx, a)
	if err != nil {
		return nil, err
	}
	due, err := s.MyReportsDue(ctx, a)
	if err != nil {
		return nil, err
	}
	return &Inbox{Notifications: ns, Unread: unread, Due: due}, nil
}
