package demo

import (
	"fmt"

	"github.com/plenary-org/plenary/internal/domain"
)

// The demo meetings' times, in Geneva (Europe/Zurich), as a two-day
// meeting of the Palais des Nations runs: mornings from 09:30 or 10:00,
// afternoons from 14:00 or 15:00, breakout groups then the plenary. By
// session number, its start and end, then each part's start and end in
// order. The times are plausible, not the record of the real meetings.
var (
	grcp7Times = map[int][]string{
		1: {"2017-10-10T10:00", "2017-10-10T12:30"},
		2: {"2017-10-10T14:00", "2017-10-10T17:30", "2017-10-10T14:00", "2017-10-10T16:00", "2017-10-10T16:15", "2017-10-10T17:30"},
		3: {"2017-10-11T09:30", "2017-10-11T12:30", "2017-10-11T09:30", "2017-10-11T11:00", "2017-10-11T11:15", "2017-10-11T12:30"},
	}
	grcp6Times = map[int][]string{
		1: {"2016-11-08T10:00", "2016-11-08T12:30"},
		2: {"2016-11-08T15:00", "2016-11-08T18:00", "2016-11-08T15:00", "2016-11-08T16:45", "2016-11-08T17:00", "2016-11-08T18:00"},
		3: {"2016-11-09T10:00", "2016-11-09T13:00"},
	}
)

// schedule gives a demo agenda its time zone and times; a session or part
// it does not name keeps none.
func schedule(a *domain.Agenda, times map[int][]string) error {
	a.Meeting.TimeZone = "Europe/Zurich"
	for _, sn := range a.Sessions {
		t := times[sn.Number]
		if len(t) < 2 {
			continue
		}
		sn.StartsAt, sn.EndsAt = t[0], t[1]
		for i, pn := range sn.Parts {
			if len(t) >= 4+2*i {
				pn.StartsAt, pn.EndsAt = t[2+2*i], t[3+2*i]
			}
		}
		if err := domain.CheckTimes("", sn.Times, a.Meeting, nil); err != nil {
			return fmt.Errorf("demo: session %d: %w", sn.Number, err)
		}
		for _, pn := range sn.Parts {
			if err := domain.CheckTimes("", pn.Times, a.Meeting, &sn.Times); err != nil {
				return fmt.Errorf("demo: session %d, %s: %w", sn.Number, pn.Title, err)
			}
		}
	}
	return nil
}
