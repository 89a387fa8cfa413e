package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/loadgen"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestKillUnderVoteLoadKeepsAcknowledgedVotes kills the server with
// SIGKILL in the middle of a vote load, a few times over, and restarts it
// on the same database: every vote the server acknowledged is found
// afterwards, with the value acknowledged last. A vote is acknowledged
// only once it is committed; a server that answered before its commit
// would lose the votes of its last moments here. The server is the real
// "plenary serve" in a process of its own (this test binary started again
// as TestKillServeChild), so that it dies as a crashed server does, with
// no deferred function or shutdown run. On SQLite and, with
// PLENARY_TEST_DATABASE_URL, on PostgreSQL.
func TestKillUnderVoteLoadKeepsAcknowledgedVotes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	const (
		cycles, voters, statements = 3, 40, 30
		load                       = 1500 * time.Millisecond // before the kill
	)
	ctx := context.Background()
	dbURL := storetest.MigratedURL(t)
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lt, err := setupLoadtest(ctx, db, voters, statements)
	if err != nil {
		t.Fatal(err)
	}

	pairs := make([][]killPair, voters)
	for w := range pairs {
		pairs[w] = make([]killPair, statements)
		for s := range pairs[w] {
			pairs[w][s].acked = 2
		}
	}
	values := []string{"agree", "disagree", "pass"}
	valueOf := map[string]int8{"agree": 1, "disagree": -1, "pass": 0}
	var acked int
	for cycle := range cycles {
		base, signal, kill := startKillableServer(t, dbURL)
		if cycle > 0 {
			checkVotes(t, db, lt, pairs)
		}
		// Each cycle goes on where the last one stopped, so that the
		// votes of a cycle change those of the cycles before.
		step := func(w, i int) (s int, v string) {
			n := cycle*1_000_000 + i
			return (w + n) % statements, values[(w+n/statements)%3]
		}
		loadCtx, stopLoad := context.WithCancel(ctx)
		timer := time.AfterFunc(load, func() {
			signal() // the server dies with its requests under way
			stopLoad()
		})
		perCycle := make([]int, voters)
		res, err := loadgen.Run(loadCtx, loadgen.Config{Workers: voters, Duration: time.Minute,
			Next: func(w, i int) loadgen.Request {
				s, v := step(w, i)
				p := &pairs[w][s]
				p.maybe = append(p.maybe, valueOf[v])
				return loadgen.Request{URL: base + "/statements/" + lt.statements[s] + "/vote", Body: "value=" + v, Cookie: "plenary_session=" + lt.tokens[w]}
			},
			OnAck: func(w, i int) {
				s, v := step(w, i)
				pairs[w][s] = killPair{acked: valueOf[v]}
				perCycle[w]++
			}})
		timer.Stop()
		stopLoad()
		kill()
		if err != nil && err != context.Canceled {
			t.Fatal(err)
		}
		n := 0
		for _, c := range perCycle {
			n += c
		}
		if n == 0 {
			t.Fatalf("cycle %d: no vote was acknowledged before the kill: %v (statuses %v, errors %v)", cycle+1, res, res.Statuses, res.Errors)
		}
		acked += n
		t.Logf("cycle %d on %s: %d votes acknowledged, then SIGKILL (requests cut short: %v)", cycle+1, db.Engine(), n, res.Errors)
	}
	// A last restart: the server starts on what the kills left, and every
	// acknowledged vote is there.
	_, _, kill := startKillableServer(t, dbURL)
	defer kill()
	checkVotes(t, db, lt, pairs)
	t.Logf("%d acknowledged votes over %d kills, every one found", acked, cycles)
}

// killPair is what a voter-statement pair may hold after a kill: the value
// last acknowledged, or one of those sent after it without an answer (a
// vote committed just before the kill, whose answer never came).
type killPair struct {
	acked int8 // 2 while none is acknowledged
	maybe []int8
}

// checkVotes compares the votes stored with what pairs[voter][statement]
// says may be stored.
func checkVotes(t *testing.T, db *store.DB, lt *loadtestSetup, pairs [][]killPair) {
	t.Helper()
	votes, err := db.ConversationVotes(context.Background(), lt.meetingID, lt.groupID, "")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[[2]string]int{}
	for _, v := range votes {
		stored[[2]string{v.UserID, v.StatementID}] = v.Value
	}
	var missing, wrong int
	for w := range lt.users {
		for s := range lt.statements {
			acked, maybe := pairs[w][s].acked, pairs[w][s].maybe
			if acked == 2 {
				continue
			}
			got, ok := stored[[2]string{lt.users[w], lt.statements[s]}]
			switch {
			case !ok:
				missing++
			case int8(got) != acked && !slices.Contains(maybe, int8(got)):
				wrong++
			}
		}
	}
	if missing > 0 || wrong > 0 {
		t.Fatalf("after a kill: %d acknowledged votes missing, %d with a value never acknowledged nor sent after", missing, wrong)
	}
}

// startKillableServer starts "plenary serve" on dbURL in a process of its
// own and returns its address, a function that sends it SIGKILL, and one
// that does and waits for it to be gone (both safe to call again).
func startKillableServer(t *testing.T, dbURL string) (base string, signal, kill func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillServeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PLENARY_KILL_SERVE_DB="+dbURL)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	signal = func() { cmd.Process.Kill() } // SIGKILL
	var once sync.Once
	kill = func() {
		once.Do(func() {
			signal()
			cmd.Wait()
		})
	}
	t.Cleanup(kill)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		re := regexp.MustCompile(`serving (http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		close(found)
		io.Copy(io.Discard, out)
	}()
	select {
	case base = <-found:
	case <-time.After(30 * time.Second):
	}
	if base == "" {
		kill()
		t.Fatalf("the server did not start: %s", stderr.String())
	}
	return base, signal, kill
}

// TestKillServeChild is the server of
// TestKillUnderVoteLoadKeepsAcknowledgedVotes: "plenary serve" on
// PLENARY_KILL_SERVE_DB, until it is killed.
func TestKillServeChild(t *testing.T) {
	dbURL := os.Getenv("PLENARY_KILL_SERVE_DB")
	if dbURL == "" {
		t.Skip("the server of TestKillUnderVoteLoadKeepsAcknowledgedVotes")
	}
	env := &Env{Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	code := Main(context.Background(), env, []string{"serve", "-db", dbURL, "-addr", "127.0.0.1:0", "-log-format", "json"})
	fmt.Fprintf(os.Stderr, "serve exited with %d\n", code)
	os.Exit(code)
}
