package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/loadgen"
	"github.com/plenary-org/plenary/internal/store"
)

var loadtestCommand = &Command{
	Name:    "loadtest",
	Usage:   "votes|wrk -url URL -db URL [-voters N] [-statements N] [-duration D] [-warmup D] [-noop=false] | prepare -db URL -dir DIR | check -db URL -dir DIR | serve-noop -addr HOST:PORT",
	Summary: "measure the vote path of a running server, beside the machine's no-op ceiling",
	Long: `"plenary loadtest votes" makes a meeting with one breakout group of N voters (each with a
login session) and K statements in the database the server uses, then lets every voter vote as
fast as the server answers, each on a connection of their own, for the given duration. It reports
acknowledged votes per second and latency percentiles, then checks that every acknowledged vote is
in the database with the value last acknowledged. Unless -noop=false, it first measures the same
load against a handler that does nothing ("plenary loadtest serve-noop", started as a separate
process on a free port), so that the two figures come from the same machine at the same time.

"plenary loadtest wrk" does the same with wrk (Debian package "wrk") as the load generator, which
takes far less CPU than a Go client: it makes N voters with sessions and enough statements that no
voter votes twice on one statement, writes plan.json and Lua scripts into -dir, measures the no-op
ceiling with the same script, warms up, measures, and checks the database. With -mode form (the
default) each vote is the voting page's plain form post, answered 303 with a Location that names the
request, so the script writes down exactly which votes were acknowledged and every one of them is
checked; with -mode json (answered 204) the check can only prove them all by finding every vote
sent. "plenary loadtest prepare" and "plenary loadtest check" do the first and last steps alone, to
run wrk by hand: wrk -t 2 -c 1000 -d 60s -s DIR/votes-form.lua URL -- 0 2 DIR/acks-1.txt

The meeting it makes is named "Load test" and its date; delete it afterwards if you like.`,
	Run: runLoadtest,
}

func runLoadtest(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 && strings.HasPrefix(args[0], "-h") || len(args) > 0 && strings.HasPrefix(args[0], "--h") {
		fs.Usage()
		return flag.ErrHelp
	}
	if len(args) == 0 {
		return Usagef("say what to measure: votes, wrk, prepare, check or serve-noop")
	}
	switch args[0] {
	case "serve-noop":
		return serveNoop(ctx, env, fs, args[1:])
	case "prepare":
		return runPrepare(ctx, env, fs, args[1:])
	case "check":
		return runCheck(ctx, env, fs, args[1:])
	case "wrk":
		return runWrkLoadtest(ctx, env, fs, args[1:])
	case "votes":
	default:
		return Usagef("unknown load test %q: use votes, wrk, prepare, check or serve-noop", args[0])
	}
	dbURL := dbFlag(env, fs)
	target := fs.String("url", "http://127.0.0.1:8080", "address of the running plenary server")
	voters := fs.Int("voters", 1000, "simultaneous voters, one connection each")
	statements := fs.Int("statements", 40, "statements in the group")
	duration := fs.Duration("duration", 60*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 3*time.Second, "load sent before measuring")
	noop := fs.Bool("noop", true, "measure the no-op ceiling first")
	metricsURL := fs.String("metrics", "", "the server's metrics (http://HOST:PORT/metrics), to report the database connections it opened")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *voters < 1 || *voters > 100000 || *statements < 1 || *statements > 10000 {
		return Usagef("voters must be 1 to 100000 and statements 1 to 10000")
	}
	if *duration < time.Second {
		return Usagef("the duration must be at least 1s")
	}
	base, err := url.Parse(*target)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return Usagef("-url must be an address like http://127.0.0.1:8080")
	}
	db, err := openDB(ctx, *dbURL, false, nil)
	if err != nil {
		return err
	}
	defer db.Close()

	fmt.Fprintf(env.Stdout, "setting up %d voters and %d statements…\n", *voters, *statements)
	lt, err := setupLoadtest(ctx, db, *voters, *statements)
	if err != nil {
		return fmt.Errorf("set up the load test: %w", err)
	}
	if *noop {
		res, err := noopCeiling(ctx, env, *voters, *duration, *warmup)
		if err != nil {
			return fmt.Errorf("no-op ceiling: %w", err)
		}
		fmt.Fprintf(env.Stdout, "no-op ceiling: %s\n", res)
	}

	// Every voter goes through the statements in turn, changing their vote
	// each round; the last value acknowledged for each pair is kept.
	values := []string{"agree", "disagree", "pass"}
	valueOf := map[string]int{"agree": 1, "disagree": -1, "pass": 0}
	last := make([][]int8, *voters)
	for i := range last {
		last[i] = make([]int8, *statements)
		for j := range last[i] {
			last[i][j] = 2 // none
		}
	}
	next := func(w, i int) loadgen.Request {
		s := (w + i) % *statements
		v := values[(w + i / *statements)%3]
		return loadgen.Request{URL: base.JoinPath("statements", lt.statements[s], "vote").String(), Body: "value=" + v, Cookie: "plenary_session=" + lt.tokens[w]}
	}
	cw := watchConns(ctx, db, *metricsURL)
	res, err := loadgen.Run(ctx, loadgen.Config{Workers: *voters, Duration: *duration, Warmup: *warmup, Next: next,
		OnAck: func(w, i int) {
			s := (w + i) % *statements
			last[w][s] = int8(valueOf[values[(w + i / *statements)%3]])
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "votes on %s (%s): %s\n", base.Host, db.Engine(), res)
	fmt.Fprintf(env.Stdout, "database connections opened during the run (with the warm-up): %s\n", cw.report(ctx))
	if len(res.Errors) > 0 || res.Failed > 0 {
		fmt.Fprintf(env.Stdout, "failures: statuses %v, errors %v\n", res.Statuses, res.Errors)
	}

	// Every acknowledged vote must be in the database.
	votes, err := db.ConversationVotes(ctx, lt.meetingID, lt.groupID, "")
	if err != nil {
		return err
	}
	stored := map[[2]string]int{}
	for _, v := range votes {
		stored[[2]string{v.UserID, v.StatementID}] = v.Value
	}
	var checked, missing, wrong int
	for w := range last {
		for s, v := range last[w] {
			if v == 2 {
				continue
			}
			checked++
			got, ok := stored[[2]string{lt.users[w], lt.statements[s]}]
			switch {
			case !ok:
				missing++
			case got != int(v):
				wrong++
			}
		}
	}
	fmt.Fprintf(env.Stdout, "check: %d voter-statement pairs acknowledged, %d missing from the database, %d with another value\n", checked, missing, wrong)
	if missing > 0 || wrong > 0 {
		return errors.New("acknowledged votes are missing from the database")
	}
	return nil
}

type loadtestSetup struct {
	meetingID, groupID string
	users, tokens      []string
	statements         []string
}

// setupLoadtest makes the meeting, group, voters, sessions and statements.
func setupLoadtest(ctx context.Context, db *store.DB, voters, statements int) (*loadtestSetup, error) {
	p := &domain.Process{Name: "Load tests"}
	if err := db.CreateProcess(ctx, p); err != nil {
		return nil, err
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "Load test " + time.Now().UTC().Format(time.RFC3339)}
	if err := db.CreateMeeting(ctx, m); err != nil {
		return nil, err
	}
	g := &domain.Group{MeetingID: m.ID, Name: "Load", Region: "Global"}
	if err := db.CreateGroup(ctx, g); err != nil {
		return nil, err
	}
	b := &domain.Body{Name: "Load test " + m.ID, Kind: domain.BodyState}
	if err := db.CreateBody(ctx, b); err != nil {
		return nil, err
	}
	lt := &loadtestSetup{meetingID: m.ID, groupID: g.ID}
	// Voters are made by several goroutines: each is a few writes.
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	users := make([]string, voters)
	tokens := make([]string, voters)
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				u := &domain.User{Email: fmt.Sprintf("voter%d.%s@loadtest.invalid", i, strings.ToLower(m.ID)), Name: fmt.Sprintf("Voter %d", i)}
				err := db.CreateUser(ctx, u, "")
				if err == nil {
					err = db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: b.ID, GroupID: g.ID})
				}
				tok, hash := auth.NewToken()
				if err == nil {
					err = db.CreateWebSession(ctx, hash, u.ID, 24*time.Hour)
				}
				if err != nil {
					mu.Lock()
					firstErr = firstOf(firstErr, err)
					mu.Unlock()
					continue
				}
				users[i], tokens[i] = u.ID, tok
			}
		}()
	}
	for i := range voters {
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	lt.users, lt.tokens = users, tokens
	lt.statements = make([]string, statements)
	work = make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				s := &domain.Statement{MeetingID: m.ID, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en",
					Text: fmt.Sprintf("Load test statement %d: regular pathways for migrant workers should be widened.", i+1)}
				if err := db.CreateStatement(ctx, s); err != nil {
					mu.Lock()
					firstErr = firstOf(firstErr, err)
					mu.Unlock()
					continue
				}
				lt.statements[i] = s.ID
			}
		}()
	}
	for i := range statements {
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return lt, nil
}

func firstOf(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// noopCeiling starts "plenary loadtest serve-noop" as a separate process
// and measures the same load against it.
func noopCeiling(ctx context.Context, env *Env, voters int, duration, warmup time.Duration) (*loadgen.Result, error) {
	addr, stop, err := startNoop(ctx, env)
	if err != nil {
		return nil, err
	}
	defer stop()
	u := "http://" + addr + "/vote"
	return loadgen.Run(ctx, loadgen.Config{Workers: voters, Duration: duration, Warmup: warmup, Next: func(w, i int) loadgen.Request {
		return loadgen.Request{URL: u, Body: "value=agree", Cookie: "plenary_session=x"}
	}})
}

// serveNoop answers every request with 204 and nothing else.
func serveNoop(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	err := srv.ListenAndServe()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
