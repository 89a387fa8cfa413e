package cli

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/web"
)

// TestWrkCheck: the check after a wrk run finds an acknowledged vote that
// is missing, a vote with a value never sent, a vote never sent at all,
// and in json mode tells a proof from a guess.
func TestWrkCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	dir := t.TempDir()
	env := &Env{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	plan, err := prepareWrk(ctx, env, db, dir, 3, 4) // 12 pairs
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"plan.json", "votes-form.lua", "votes-json.lua"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v (the scripts hold session tokens: owner only)", f, fi, err)
		}
	}
	if p, err := readWrkPlan(dir); err != nil || len(p.Users) != 3 || len(p.Statements) != 4 {
		t.Fatalf("plan read back: %+v %v", p, err)
	}
	meeting, group := plan.MeetingID, plan.GroupID
	vote := func(k int64, value int) {
		t.Helper()
		u, s, _ := plan.pair(k)
		w := db.NewVoteWriter(store.VoteWriterOptions{})
		defer w.Close()
		if err := w.Vote(ctx, domain.Vote{StatementID: plan.Statements[s], UserID: plan.Users[u], Value: value, MeetingID: meeting, GroupID: group, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	value := func(k int64) int { _, _, v := plan.pair(k); return v }
	other := func(v int) int {
		if v == domain.Agree {
			return domain.Disagree
		}
		return domain.Agree
	}
	// Two threads sent k = 0, 2, 4, 6 and 1, 3, 5; 0 to 4 were acknowledged.
	acks := "T 0 2 4 3\nT 1 2 3 2\nA 0\nA 2\nA 4\nA 1\nA 3\n"
	if err := os.WriteFile(filepath.Join(dir, "acks-1.txt"), []byte(acks), 0o600); err != nil {
		t.Fatal(err)
	}
	for k := range int64(5) {
		vote(k, value(k))
	}
	l, err := readAcks(dir)
	if err != nil || len(l.sent) != 7 || len(l.acked) != 5 {
		t.Fatalf("read acks: %d sent, %d acked, %v", len(l.sent), len(l.acked), err)
	}
	check := func() *wrkCheck {
		t.Helper()
		c, err := checkWrk(ctx, db, plan, l)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	steps := []struct {
		name    string
		do      func()
		want    wrkCheck
		ok      bool
		json    string // the json-mode verdict's start
		jsonAck int64
	}{
		{"all acknowledged votes there", func() {}, wrkCheck{Sent: 7, Acked: 5, Committed: 5, MissingUnanswered: 2}, true, "not proven", 5},
		{"unanswered ones there too", func() { vote(5, value(5)); vote(6, value(6)) }, wrkCheck{Sent: 7, Acked: 5, Committed: 7}, true, "every vote sent", 5},
		{"more acknowledged than stored", func() {}, wrkCheck{Sent: 7, Acked: 5, Committed: 7}, true, "FAILED", 8},
		{"a value never sent", func() { vote(2, other(value(2))) }, wrkCheck{Sent: 7, Acked: 5, Committed: 7, Wrong: 1}, false, "FAILED", 5},
		{"a vote never sent", func() { vote(2, value(2)); vote(9, value(9)) }, wrkCheck{Sent: 7, Acked: 5, Committed: 7, Unexpected: 1}, false, "FAILED", 5},
		{"an acknowledged vote missing", func() {
			vote(9, value(9)) // still there: Unexpected stays
			if err := os.WriteFile(filepath.Join(dir, "acks-2.txt"), []byte("T 7 1 1 1\nA 7\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if l, err = readAcks(dir); err != nil {
				t.Fatal(err)
			}
		}, wrkCheck{Sent: 8, Acked: 6, Committed: 7, Missing: 1, Unexpected: 1}, false, "FAILED", 6},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do()
			c := check()
			if *c != st.want || c.ok() != st.ok {
				t.Fatalf("check = %+v (ok %v), want %+v (ok %v)", *c, c.ok(), st.want, st.ok)
			}
			if v, _ := c.verdict(true, st.jsonAck); !strings.HasPrefix(v, st.json) {
				t.Fatalf("json verdict %q, want %q…", v, st.json)
			}
		})
	}
	// Runs that overlap (a request number sent twice) are refused.
	if err := os.WriteFile(filepath.Join(dir, "acks-3.txt"), []byte("T 0 1 1 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readAcks(dir); err == nil || !strings.Contains(err.Error(), "sent twice") {
		t.Fatalf("overlapping runs: %v", err)
	}
}

func TestParseWrkResult(t *testing.T) {
	t.Parallel()
	out := "Running 1s test @ http://127.0.0.1:8090\nPLENARY-WRK mode=form requests=100 duration_us=2000000 status_errors=1 connect=0 read=2 write=0 timeout=3 p50=1500 p90=2000 p99=9000 p999=9500 max=12000 sent=110 acks=98 other=2\n"
	r, err := parseWrkResult(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Acked() != 98 || r.Rate() != 49 || r.P99 != 9*time.Millisecond || r.Timeout != 3 || r.Sent != 110 {
		t.Fatalf("parsed %+v", r)
	}
	r.Mode = "json"
	if r.Acked() != 99 {
		t.Fatalf("json mode acknowledges answers below 400: %d", r.Acked())
	}
	if _, err := parseWrkResult("wrk: connection refused\n"); err == nil {
		t.Fatal("no result line, no error")
	}
	if _, err := parseWrkResult("PLENARY-WRK requests=x\n"); err == nil {
		t.Fatal("a bad number, no error")
	}
}

// TestWrkLoadtestAgainstTheServer runs "plenary loadtest wrk" for a second
// against the real handler, in both modes: the Lua scripts work, and the
// check passes. wrk is a Debian package; without it the test is skipped.
func TestWrkLoadtestAgainstTheServer(t *testing.T) {
	if _, err := exec.LookPath("wrk"); err != nil {
		t.Skip("wrk is not installed (apt-get install wrk)")
	}
	ctx := context.Background()
	dbURL := storetest.MigratedURL(t)
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lv := live.New(db, live.Options{})
	t.Cleanup(lv.Close)
	h, metrics, _, err := buildHandler(db, slog.New(slog.DiscardHandler), web.Config{Live: lv, ActorCacheTTL: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	msrv := httptest.NewServer(metrics)
	t.Cleanup(msrv.Close)
	for _, mode := range []string{"form", "json"} {
		t.Run(mode, func(t *testing.T) {
			var out strings.Builder
			env := &Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
			fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
			err := runWrkLoadtest(ctx, env, fs, []string{"-db", dbURL, "-url", srv.URL, "-dir", t.TempDir(), "-mode", mode,
				"-voters", "100", "-statements", "1000", "-connections", "10", "-duration", "1s", "-warmup", "1s", "-noop=false", "-metrics", msrv.URL + "/metrics", "-hog", "1"})
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			m := regexp.MustCompile(`votes on .*: \d+ answered, (\d+) acknowledged in`).FindStringSubmatch(out.String())
			if m == nil || m[1] == "0" || !strings.Contains(out.String(), "check: ") {
				t.Fatalf("no votes or no check:\n%s", out.String())
			}
			if !strings.Contains(out.String(), "a busy loop keeps 1 core(s) busy") {
				t.Fatalf("no CPU hog:\n%s", out.String())
			}
			if !regexp.MustCompile(`database connections opened during the run: \d+ by the server`).MatchString(out.String()) {
				t.Fatalf("the connections opened are not reported:\n%s", out.String())
			}
			if mode == "form" && !strings.Contains(out.String(), "every acknowledged vote is in the database") {
				t.Fatalf("form mode did not check every vote:\n%s", out.String())
			}
		})
	}
	// The writer's counts reach the metrics: at least the votes wrk had
	// acknowledged, in fewer commits than votes.
	// A vote of wrk's last moments may still be under way: the metrics
	// fall between what the writer said before and after reading them.
	before := lv.WriterStats()
	res, err := http.Get(msrv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	metric := func(name string) float64 {
		m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("/metrics lacks %s", name)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	votes, commits, busy := metric("plenary_votes_written_total"), metric("plenary_vote_commits_total"), metric("plenary_vote_writer_busy_seconds_total")
	if st := lv.WriterStats(); votes < float64(before.Votes) || votes > float64(st.Votes) || votes == 0 || commits == 0 || commits >= votes || busy <= 0 {
		t.Fatalf("/metrics: %v votes, %v commits, %v s busy; the writer says %+v before and %+v after", votes, commits, busy, before, st)
	}
}
