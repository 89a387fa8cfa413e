package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

// A process's dashboards are counted from its facts: what every filter
// and count of a dashboard asks of each commitment (meeting, status,
// owner and its region, co-owners, objectives, the cycles whose scope it
// is in and when it was first reported on in each), read in a few scans
// once per version of the follow-up. A filter never asked before then
// costs a pass over them in memory (about a millisecond for 10,000
// commitments) instead of the joins and GROUP BYs of the database;
// followUpCountsSQL in export_test.go keeps those queries, and the tests
// check that both count the same.

// followUpFacts are the facts of one process's follow-up.
type followUpFacts struct {
	choices     *DashboardChoices
	commitments []commitmentFacts
	// cycles are the review cycles of the process, by ID.
	cycles map[string]*cycleFacts
}

// commitmentFacts is what the dashboards know of a commitment. Strings
// repeated across commitments (statuses, meetings, bodies, regions,
// codes) are shared.
type commitmentFacts struct {
	meeting, status, owner string
	// regionID and region are the owner body's; regionKey is the key the
	// counts give them (regionKeySQL).
	regionID, region, regionKey string
	coOwners                    []string
	objectives                  []string
}

// cycleFacts are a cycle's scope: for each commitment in it (by its
// index in followUpFacts.commitments), the moment of its first report
// submitted for the cycle (since submitted or accepted), -1 when none.
type cycleFacts struct {
	first map[int]int64
}

// readFollowUpFacts reads process processID's facts.
func (db *DB) readFollowUpFacts(ctx context.Context, processID string) (*followUpFacts, error) {
	ff := &followUpFacts{cycles: map[string]*cycleFacts{}}
	var err error
	if ff.choices, err = db.DashboardChoices(ctx, processID); err != nil {
		return nil, err
	}
	for _, c := range ff.choices.Cycles {
		ff.cycles[c.ID] = &cycleFacts{first: map[int]int64{}}
	}
	strs := map[string]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	index := map[string]int{}
	rows, err := db.query(ctx, `SELECT c.id, COALESCE(c.meeting_id, ''), c.status, c.owner_body_id, b.region_id, b.region, `+regionKeySQL+`
		FROM commitments c JOIN bodies b ON b.id = c.owner_body_id WHERE c.process_id = ?`, processID)
	err = eachRow(rows, err, func(r scanner) error {
		var id string
		var c commitmentFacts
		if err := r.Scan(&id, &c.meeting, &c.status, &c.owner, &c.regionID, &c.region, &c.regionKey); err != nil {
			return err
		}
		c.meeting, c.status, c.owner = intern(c.meeting), intern(c.status), intern(c.owner)
		c.regionID, c.region, c.regionKey = intern(c.regionID), intern(c.region), intern(c.regionKey)
		index[id] = len(ff.commitments)
		ff.commitments = append(ff.commitments, c)
		return nil
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	// Each of the commitments' lists: the commitment's ID, a value, and
	// what to do with them.
	for _, q := range []struct {
		sql string
		add func(i int, a string, n sql.NullInt64)
	}{
		{`SELECT o.commitment_id, o.code, NULL FROM commitment_objectives o JOIN commitments c ON c.id = o.commitment_id WHERE c.process_id = ?`,
			func(i int, code string, _ sql.NullInt64) {
				ff.commitments[i].objectives = append(ff.commitments[i].objectives, intern(code))
			}},
		{`SELECT cb.commitment_id, cb.body_id, NULL FROM commitment_bodies cb JOIN commitments c ON c.id = cb.commitment_id
			WHERE c.process_id = ? AND cb.role = 'co_owner'`,
			func(i int, body string, _ sql.NullInt64) {
				ff.commitments[i].coOwners = append(ff.commitments[i].coOwners, intern(body))
			}},
		{`SELECT rc.commitment_id, rc.cycle_id, NULL FROM review_cycle_commitments rc JOIN review_cycles y ON y.id = rc.cycle_id WHERE y.process_id = ?`,
			func(i int, cycle string, _ sql.NullInt64) {
				if cf := ff.cycles[cycle]; cf != nil {
					cf.first[i] = -1
				}
			}},
		// Every report submitted (since submitted or accepted) rather than
		// the first of each commitment: the database reads them from an
		// index by cycle and state, with no sort, and the first is kept
		// here.
		{`SELECT r.commitment_id, r.cycle_id, r.submitted_at FROM progress_reports r
			WHERE r.cycle_id IN (SELECT id FROM review_cycles WHERE process_id = ?) AND r.state IN ('submitted', 'accepted')`,
			func(i int, cycle string, at sql.NullInt64) {
				if cf := ff.cycles[cycle]; cf != nil && at.Valid {
					if first, inScope := cf.first[i]; inScope && (first < 0 || at.Int64 < first) {
						cf.first[i] = at.Int64
					}
				}
			}},
	} {
		rows, err := db.query(ctx, q.sql, processID)
		err = eachRow(rows, err, func(r scanner) error {
			var id, a string
			var n sql.NullInt64
			if err := r.Scan(&id, &a, &n); err != nil {
				return err
			}
			if i, ok := index[id]; ok { // a commitment added since the first scan waits for the next version
				q.add(i, a, n)
			}
			return nil
		})
		if err != nil {
			return nil, db.mapErr(err)
		}
	}
	return ff, nil
}

// followUpFactsOf returns the facts of process processID at version v,
// read once for all who ask together, and kept while the version holds
// and for at most dashboardCacheTTL.
func (db *DB) followUpFactsOf(ctx context.Context, processID string, v *followUpVersion) (*followUpFacts, error) {
	if ff := db.dcache.factsOf(processID, v.version, time.Now()); ff != nil {
		return ff, nil
	}
	out, err, _ := db.dcache.flight.Do("facts\x00"+v.version+"\x00"+processID, func() (any, error) {
		if ff := db.dcache.factsOf(processID, v.version, time.Now()); ff != nil {
			return ff, nil
		}
		ff, err := db.readFollowUpFacts(context.WithoutCancel(ctx), processID)
		if err != nil {
			return nil, err
		}
		db.dcache.keepFacts(processID, v.version, time.Now(), ff)
		return ff, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*followUpFacts), nil
}

// selects reports whether f selects commitment c, its cycle aside (see
// count).
func (ff *followUpFacts) selects(f *DashboardFilter, c *commitmentFacts) bool {
	switch {
	case f.MeetingID != "" && c.meeting != f.MeetingID,
		f.Status != "" && c.status != f.Status:
		return false
	case f.BodyID != "" && c.owner != f.BodyID && !slices.Contains(c.coOwners, f.BodyID):
		return false
	case f.Objective != "" && !slices.Contains(c.objectives, f.Objective):
		return false
	}
	if f.Region != "" {
		if text, unmapped := strings.CutPrefix(f.Region, UnmappedRegionKey); unmapped {
			if c.regionID != "" || c.region != text {
				return false
			}
		} else if c.regionID != f.Region {
			return false
		}
	}
	return true
}

// count counts the commitments f selects by status and by objective,
// each by region, and for cycle (when not nil) by how they were reported
// in it with cutoffMS, as [DB.DashboardCounts] says.
func (ff *followUpFacts) count(f DashboardFilter, cycle *DashboardChoice, cutoffMS int64) (byStatus, byObjective, reporting []FollowUpCount) {
	type key struct{ k, region string }
	status, objective := map[key]int{}, map[key]int{}
	var reported map[key]int
	var scope, rep *cycleFacts
	if f.CycleID != "" {
		if scope = ff.cycles[f.CycleID]; scope == nil {
			scope = &cycleFacts{} // a cycle not the process's: nothing is in its scope
		}
	}
	if cycle != nil {
		if rep = ff.cycles[cycle.ID]; rep == nil {
			rep = &cycleFacts{}
		}
		reported = map[key]int{}
	}
	for i := range ff.commitments {
		c := &ff.commitments[i]
		if !ff.selects(&f, c) {
			continue
		}
		if rep != nil {
			if first, ok := rep.first[i]; ok {
				k := ReportedLate
				switch {
				case first < 0:
					k = NotReported
				case first < cutoffMS:
					k = ReportedOnTime
				}
				reported[key{k, c.regionKey}]++
			}
		}
		if scope != nil {
			if _, ok := scope.first[i]; !ok {
				continue
			}
		}
		status[key{c.status, c.regionKey}]++
		for _, code := range c.objectives {
			objective[key{code, c.regionKey}]++
		}
	}
	list := func(m map[key]int) []FollowUpCount {
		if m == nil {
			return nil
		}
		out := make([]FollowUpCount, 0, len(m))
		for k, n := range m {
			out = append(out, FollowUpCount{Key: k.k, Region: k.region, N: n})
		}
		return out
	}
	return list(status), list(objective), list(reported)
}
