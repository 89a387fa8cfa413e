package demo

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// The progress of the demo's commitments from 2018 to 2025: each year the
// owners report what was done with values of the indicators, through the
// use cases as the demo accounts that act for them, and the secretariat
// accepts or returns the reports. The follow-up service's clock is set to
// the day each step would have been taken, so that reports are submitted
// and reviewed in the weeks after the year they report on, and late ones
// are late. Two review cycles ask for reports:
//
//   - "Regional review 2024 (demonstration)" asked for the reports on 2023
//     by 31 March 2024 and closed with its review report in the six
//     languages: two reports came in late, one was returned and never
//     submitted again, one commitment was never reported on;
//   - "IMRF 2026 (demonstration)" asks for the reports on 2025; it opened
//     30 days before the demo was loaded and its deadline is 60 days
//     after, so that a visitor can report into it. One report is
//     accepted, two wait for the secretariat, one was returned, one is a
//     draft, and three are still to come (among them the digital
//     remittances of the Regional Conference on Migration, which
//     delegate@demo.plenary.local reports on).

// The letters of fuCommitment.reports, one a year from fuFirstYear:
//
//   - no report (nor, in a review cycle's year, in its scope)
//     a  submitted on time and accepted
//     L  submitted after the cycle's deadline and accepted
//     r  submitted and returned with a reason, not submitted again
//     s  submitted, waiting for the secretariat
//     d  a draft
//     m  in the cycle's scope with no report
const fuReportCodes = "-aLrsdm"

// fuFirstYear is the first year reported on.
const fuFirstYear = 2018

// fuReporters are the demo accounts that report for the owner bodies.
var fuReporters = map[string]string{
	"RCM":                           "delegate@demo.plenary.local",
	"CMC":                           "delegate3@demo.plenary.local",
	"MIDSA":                         "delegate2@demo.plenary.local",
	"ECA":                           "partner@demo.plenary.local",
	"ADD":                           "delegate5@demo.plenary.local",
	"IDM":                           "delegate4@demo.plenary.local",
	"IOM":                           "partner2@demo.plenary.local",
	"Migrant Rights Network (demo)": "partner3@demo.plenary.local",
	"Fair Recruitment Business Alliance (demo)": "partner4@demo.plenary.local",
}

// The review cycles of the demo.
const (
	fuClosedCycle = "Regional review 2024 (demonstration)"
	fuOpenCycle   = "IMRF 2026 (demonstration)"
	// The years whose reports they ask for.
	fuClosedYear = 2023
	fuOpenYear   = 2025
)

// fuReturnReasons are the secretariat's reasons for returning a report,
// in turn.
var fuReturnReasons = []string{
	"The values of the indicator are those of the year before: give the values at the end of the period reported on.",
	"The narrative does not say which member States adopted their plans: name them, so that the review can follow them.",
}

// fuDay is a day of the history at noon UTC.
func fuDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// loadProgress has the owners report and the secretariat review, year by
// year, and runs the two review cycles.
func loadProgress(ctx context.Context, db *store.DB, made *fuMade, bodies map[string]*domain.Body) error {
	svc, sec := made.svc, made.secretariat
	defer svc.SetClock(time.Now)
	at := func(t time.Time) { svc.SetClock(func() time.Time { return t }) }
	now := time.Now().UTC()
	actors := map[string]*domain.Actor{}
	returned := 0
	for year := fuFirstYear; year <= fuOpenYear; year++ {
		i := year - fuFirstYear
		// The review cycle asking for this year's reports, if any.
		var cycle *domain.ReviewCycle
		if year == fuClosedYear || year == fuOpenYear {
			in := followup.CycleInput{ProcessID: made.processID, Languages: domain.Locales}
			if year == fuClosedYear {
				in.Name, in.OpensOn, in.Deadline = fuClosedCycle, "2024-01-15", "2024-03-31"
				at(fuDay(in.OpensOn))
			} else {
				opens := now.AddDate(0, 0, -30)
				in.Name, in.OpensOn, in.Deadline = fuOpenCycle, opens.Format(time.DateOnly), now.AddDate(0, 0, 60).Format(time.DateOnly)
				at(opens)
			}
			for _, fc := range fuCommitments {
				if fc.reports[i] != '-' {
					in.CommitmentIDs = append(in.CommitmentIDs, made.commitments[fc.key].ID)
				}
			}
			var err error
			if cycle, err = svc.OpenCycle(ctx, sec, in); err != nil {
				return fmt.Errorf("demo: follow-up: cycle %s: %w", in.Name, err)
			}
		}
		for _, fc := range fuCommitments {
			code := fc.reports[i]
			if strings.IndexByte(fuReportCodes, code) < 0 {
				return fmt.Errorf("demo: follow-up %s: %q is none of the report codes %s", fc.key, code, fuReportCodes)
			}
			if code == '-' || code == 'm' {
				continue
			}
			reporter := fc.reporter
			if reporter == "" {
				reporter = fc.owner
			}
			a := actors[reporter]
			if a == nil {
				email, ok := fuReporters[reporter]
				if !ok {
					return fmt.Errorf("demo: follow-up %s: no demo account reports for %s", fc.key, reporter)
				}
				var err error
				if a, err = actorFor(ctx, db, email); err != nil {
					return err
				}
				actors[reporter] = a
			}
			// When each step is taken: in the weeks after the year, or,
			// for the open cycle, in the days before the demo is loaded.
			steps := map[string]time.Time{}
			next := strconv.Itoa(year + 1)
			if year == fuOpenYear {
				steps["create"], steps["submit"], steps["review"] = now.AddDate(0, 0, -25), now.AddDate(0, 0, -20), now.AddDate(0, 0, -12)
				if code == 's' {
					steps["submit"] = now.AddDate(0, 0, -6)
				}
			} else {
				steps["create"], steps["submit"], steps["review"] = fuDay(next+"-02-01"), fuDay(next+"-02-10"), fuDay(next+"-02-20")
				switch code {
				case 'L':
					steps["submit"], steps["review"] = fuDay(next+"-05-06"), fuDay(next+"-05-13")
				case 'r':
					steps["submit"], steps["review"] = fuDay(next+"-03-20"), fuDay(next+"-04-02")
				}
			}
			in := fuReportInput(fc, made, year, bodies[reporter].ID)
			if cycle != nil {
				in.CycleID = cycle.ID
			}
			at(steps["create"])
			r, err := svc.CreateReport(ctx, a, in)
			if err != nil {
				return fmt.Errorf("demo: follow-up %s: report on %d: %w", fc.key, year, err)
			}
			if code == 'd' {
				continue
			}
			at(steps["submit"])
			if r, err = svc.SubmitReport(ctx, a, followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
				return fmt.Errorf("demo: follow-up %s: submitting the report on %d: %w", fc.key, year, err)
			}
			at(steps["review"])
			switch code {
			case 'a', 'L':
				_, err = svc.AcceptReport(ctx, sec, followup.ReportRef{ID: r.ID, Version: r.Version})
			case 'r':
				_, err = svc.ReturnReport(ctx, sec, followup.ReturnInput{ReportRef: followup.ReportRef{ID: r.ID, Version: r.Version},
					Reason: fuReturnReasons[returned%len(fuReturnReasons)]})
				returned++
			}
			if err != nil {
				return fmt.Errorf("demo: follow-up %s: reviewing the report on %d: %w", fc.key, year, err)
			}
		}
		if year == fuClosedYear {
			at(fuDay("2024-06-28"))
			if _, err := svc.CloseCycle(ctx, sec, followup.CycleRef{ID: cycle.ID, Version: cycle.Version}); err != nil {
				return fmt.Errorf("demo: follow-up: closing %s: %w", fuClosedCycle, err)
			}
		}
	}
	return nil
}

// fuReportInput is the report of fc's owners on year, for body.
func fuReportInput(fc fuCommitment, made *fuMade, year int, body string) followup.ReportInput {
	i := year - fuFirstYear
	y := strconv.Itoa(year)
	// The status reported: on track until the last accepted report, which
	// gives where the commitment stands (a dropped one is dropped by the
	// secretariat, and a planned one is not reported on).
	last := strings.LastIndexAny(fc.reports, "aL")
	status := domain.CommitmentOnTrack
	if i >= last && fc.status != domain.CommitmentDropped && fc.status != domain.CommitmentPlanned {
		status = fc.status
	}
	in := followup.ReportInput{CommitmentID: made.commitments[fc.key].ID, BodyID: body, PeriodFrom: y + "-01-01", PeriodTo: y + "-12-31", PeriodLabel: y,
		Status: status, Lang: "en",
		Narrative: "In " + y + ", " + fc.work + ". (Demonstration content: this report and its values are invented.)"}
	if fc.challenge != "" && year >= 2021 {
		in.Challenges, in.SupportNeeded = fc.challenge, fc.support
	}
	for k, ind := range made.indicators[fc.key] {
		fi := fc.indicators[k]
		v := fuValue(fi, fc.status, year, i == last)
		on := y + "-12-31"
		in.Values = append(in.Values, domain.IndicatorValue{IndicatorID: ind.ID, Value: v, On: on})
		if len(fi.dims) > 0 {
			f, m := fuSplit(fi.unit, v)
			in.Values = append(in.Values,
				domain.IndicatorValue{IndicatorID: ind.ID, Value: f, On: on, Dimension: fi.dims[0], Category: "female"},
				domain.IndicatorValue{IndicatorID: ind.ID, Value: m, On: on, Dimension: fi.dims[0], Category: "male"})
		}
	}
	return in
}

// fuValue is an indicator's invented value at the end of year: on the way
// from its baseline to its target at a pace that fits where the
// commitment stands, the target itself when an achieved commitment's last
// report gives it.
func fuValue(fi fuIndicator, status domain.CommitmentStatus, year int, last bool) float64 {
	pace := map[domain.CommitmentStatus]float64{domain.CommitmentAtRisk: 0.6, domain.CommitmentDelayed: 0.45, domain.CommitmentDropped: 0.3}[status]
	if pace == 0 {
		pace = 1
	}
	from, to := fuDay(fi.baselineOn), fuDay(fi.targetOn)
	p := pace * fuDay(strconv.Itoa(year)+"-12-31").Sub(from).Hours() / to.Sub(from).Hours()
	// A little unevenness from year to year.
	p *= []float64{0.96, 1.03, 0.99, 1.02}[year%4]
	p = min(max(p, 0), 1)
	if status == domain.CommitmentAchieved && last {
		p = 1
	}
	return fuRound(fi.unit, fi.baseline+(fi.target-fi.baseline)*p)
}

// fuSplit breaks a value down by sex: counts of people add up; rates and
// costs differ a little either side.
func fuSplit(unit string, v float64) (female, male float64) {
	switch unit {
	case "people":
		f := math.Round(v * 0.47)
		return f, v - f
	case "%":
		return fuRound(unit, max(v-3.5, 0)), fuRound(unit, min(v+3.5, 100))
	}
	return fuRound(unit, v*1.06), fuRound(unit, v*0.95)
}

// fuRound keeps one decimal of a percentage, none of anything else.
func fuRound(unit string, v float64) float64 {
	if unit == "%" {
		return math.Round(v*10) / 10
	}
	return math.Round(v)
}
