package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// The wrk load test. wrk (https://github.com/wg/wrk, Debian package "wrk")
// sends load from a few threads at a fraction of the CPU of a Go client, so
// more of the machine's two cores go to the server. It cannot tell which
// request was answered how, so the requests are planned so that the
// database can be checked afterwards:
//
//   - request number k (counted over the whole run; thread t of T sends
//     k = start + t, start + t + T, ...) is voter k mod V voting on statement
//     (k div V) mod M, with the value (voter + statement) mod 3 (agree,
//     disagree, pass). With M chosen so that k stays below V×M, no pair of
//     voter and statement is voted on twice, so the vote the database holds
//     for a pair can only come from request k.
//   - in "form" mode each request is the voting page's plain form post,
//     with next=/a/k: the server answers 303 with Location /a/k once the
//     vote is on disk, so wrk's Lua script learns exactly which requests
//     were acknowledged and writes them down. "plenary loadtest check" then
//     asserts that each of them is in the database with its value, and that
//     the database holds no vote that was never sent.
//   - in "json" mode (Accept: application/json, answered 204, as the page's
//     script votes) nothing in the answer names the request, so only a
//     weaker check is possible: if every request sent is in the database,
//     every acknowledged one is; if some are missing, the check says how
//     many and how many requests went unanswered (in flight when wrk
//     stopped), and fails, since it cannot prove the acknowledged ones are
//     all there.

// wrkPlan is what "plenary loadtest prepare" writes to plan.json.
type wrkPlan struct {
	Engine     string   `json:"engine"`
	MeetingID  string   `json:"meeting_id"`
	GroupID    string   `json:"group_id"`
	Users      []string `json:"users"`
	Statements []string `json:"statements"`
}

var wrkValues = [3]int{1, -1, 0} // agree, disagree, pass

// pair returns the voter, statement and value of request k.
func (p *wrkPlan) pair(k int64) (voter, statement, value int) {
	v, m := int64(len(p.Users)), int64(len(p.Statements))
	voter, statement = int(k%v), int((k/v)%m)
	return voter, statement, wrkValues[(voter+statement)%3]
}

func (p *wrkPlan) capacity() int64 { return int64(len(p.Users)) * int64(len(p.Statements)) }

var wrkScript = template.Must(template.New("lua").Parse(`-- Written by "plenary loadtest prepare": votes of {{.V}} voters on {{.M}} statements.
-- wrk -t T -c C -d D -s votes-{{.Mode}}.lua URL -- START T ACKFILE
-- Request k is voter k % V voting on statement floor(k / V) % M with value
-- (voter + statement) % 3 (agree, disagree, pass); thread t sends
-- k = START + t, START + t + T, ...{{if eq .Mode "form"}} Each request is a plain form post with
-- next=/a/k, answered 303 Location: /a/k once the vote is on disk: the
-- acknowledged k are written to ACKFILE for "plenary loadtest check".{{else}} Requests ask for JSON
-- (answered 204); which were acknowledged cannot be told.{{end}}
local V, M = {{.V}}, {{.M}}
local tokens = {
{{range .Tokens}}"{{.}}",
{{end}}}
local stmts = {
{{range .Statements}}"{{.}}",
{{end}}}
local values = {"agree", "disagree", "pass"}
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  start = tonumber(args[1]) or 0
  stride = tonumber(args[2]) or 1
  ackfile = args[3] or "/dev/null"
  sent, nacks, other = 0, 0, 0
  acks = {}
  cookies, paths = {}, {}
  for i, t in ipairs(tokens) do cookies[i] = "plenary_session=" .. t end
  for i, s in ipairs(stmts) do paths[i] = "/statements/" .. s .. "/vote" end
  hdr = {["Content-Type"] = "application/x-www-form-urlencoded"{{if eq .Mode "json"}}, ["Accept"] = "application/json"{{end}}}
end

function request()
  local k = start + id + sent * stride
  sent = sent + 1
  local v = k % V
  local s = math.floor(k / V) % M
  hdr["Cookie"] = cookies[v + 1]
  return wrk.format("POST", paths[s + 1], hdr, "value=" .. values[(v + s) % 3 + 1]{{if eq .Mode "form"}} .. "&next=/a/" .. string.format("%d", k){{end}})
end
{{if eq .Mode "form"}}
function response(status, headers, body)
  local loc = headers["Location"]
  if status == 303 and loc and string.sub(loc, 1, 3) == "/a/" then
    nacks = nacks + 1
    acks[nacks] = tonumber(string.sub(loc, 4))
  else
    other = other + 1
  end
end
{{end}}
function done(summary, latency, requests)
  local f = assert(io.open(threads[1]:get("ackfile"), "w"))
  local sent, nacks, other = 0, 0, 0
  for _, t in ipairs(threads) do
    local n = t:get("sent")
    f:write(string.format("T %d %d %d %d\n", t:get("start") + t:get("id"), t:get("stride"), n, t:get("nacks")))
    sent, nacks, other = sent + n, nacks + t:get("nacks"), other + t:get("other")
{{- if eq .Mode "form"}}
    for _, k in ipairs(t:get("acks")) do f:write(string.format("A %d\n", k)) end
{{- end}}
  end
  f:close()
  local e = summary.errors
  io.write(string.format("PLENARY-WRK mode={{.Mode}} requests=%d duration_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d p50=%.0f p90=%.0f p99=%.0f p999=%.0f max=%.0f sent=%d acks=%d other=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, sent, nacks, other))
end
`))

// writeWrkFiles writes plan.json and the two Lua scripts into dir.
func writeWrkFiles(dir string, plan *wrkPlan, tokens []string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(plan, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.json"), append(b, '\n'), 0o600); err != nil {
		return err
	}
	for _, mode := range []string{"form", "json"} {
		var sb strings.Builder
		if err := wrkScript.Execute(&sb, map[string]any{"V": len(plan.Users), "M": len(plan.Statements), "Mode": mode,
			"Tokens": tokens, "Statements": plan.Statements}); err != nil {
			return err
		}
		// The script holds the voters' session tokens: readable by its owner only.
		if err := os.WriteFile(filepath.Join(dir, "votes-"+mode+".lua"), []byte(sb.String()), 0o600); err != nil {
			return err
		}
	}
	return nil
}

func readWrkPlan(dir string) (*wrkPlan, error) {
	b, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		return nil, err
	}
	var p wrkPlan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "plan.json"), err)
	}
	if len(p.Users) == 0 || len(p.Statements) == 0 {
		return nil, fmt.Errorf("%s has no voters or statements", filepath.Join(dir, "plan.json"))
	}
	return &p, nil
}

// runPrepare: plenary loadtest prepare -db URL -dir DIR [-voters N] [-statements M]
func runPrepare(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	dir := fs.String("dir", "", "folder for plan.json and the wrk scripts votes-form.lua, votes-json.lua")
	voters := fs.Int("voters", 1000, "voters, each with a login session")
	statements := fs.Int("statements", 3000, "statements; voters × statements must exceed the requests of the whole run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return Usagef("-dir is needed")
	}
	if *voters < 1 || *voters > 100000 || *statements < 1 || *statements > 100000 {
		return Usagef("voters must be 1 to 100000 and statements 1 to 100000")
	}
	db, err := openDB(ctx, *dbURL, false, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = prepareWrk(ctx, env, db, *dir, *voters, *statements)
	return err
}

func prepareWrk(ctx context.Context, env *Env, db *store.DB, dir string, voters, statements int) (*wrkPlan, error) {
	fmt.Fprintf(env.Stdout, "setting up %d voters and %d statements…\n", voters, statements)
	lt, err := setupLoadtest(ctx, db, voters, statements)
	if err != nil {
		return nil, fmt.Errorf("set up the load test: %w", err)
	}
	plan := &wrkPlan{Engine: db.Engine(), MeetingID: lt.meetingID, GroupID: lt.groupID, Users: lt.users, Statements: lt.statements}
	if err := writeWrkFiles(dir, plan, lt.tokens); err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stdout, "wrote %s/plan.json, votes-form.lua and votes-json.lua (room for %d requests)\n", dir, plan.capacity())
	return plan, nil
}

// wrkResult is what the Lua script's done() prints.
type wrkResult struct {
	Mode                               string
	Requests, StatusErrors             int64
	Connect, Read, Write, Timeout      int64
	Sent, Acks, Other                  int64
	Duration, P50, P90, P99, P999, Max time.Duration
	raw                                string
}

// Acked is the number of acknowledged votes: 303 answers naming their
// request in form mode, answers below 400 in json mode and from the no-op
// server.
func (r *wrkResult) Acked() int64 {
	if r.Mode == "form" {
		return r.Acks
	}
	return r.Requests - r.StatusErrors
}

func (r *wrkResult) Rate() float64 { return float64(r.Acked()) / r.Duration.Seconds() }

func (r *wrkResult) String() string {
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
	}
	return fmt.Sprintf("%d answered, %d acknowledged in %s (%.0f/s); latency p50 %s p90 %s p99 %s p99.9 %s max %s; errors: status %d, connect %d, read %d, write %d, timeout %d",
		r.Requests, r.Acked(), r.Duration.Round(time.Millisecond), r.Rate(), ms(r.P50), ms(r.P90), ms(r.P99), ms(r.P999), ms(r.Max),
		r.StatusErrors, r.Connect, r.Read, r.Write, r.Timeout)
}

func parseWrkResult(out string) (*wrkResult, error) {
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(line, "PLENARY-WRK ")
		if !ok {
			continue
		}
		r := &wrkResult{raw: out}
		for _, f := range strings.Fields(rest) {
			k, v, _ := strings.Cut(f, "=")
			if k == "mode" {
				r.Mode = v
				continue
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("wrk printed %q", line)
			}
			us := time.Duration(n) * time.Microsecond
			switch k {
			case "requests":
				r.Requests = n
			case "duration_us":
				r.Duration = us
			case "status_errors":
				r.StatusErrors = n
			case "connect":
				r.Connect = n
			case "read":
				r.Read = n
			case "write":
				r.Write = n
			case "timeout":
				r.Timeout = n
			case "p50":
				r.P50 = us
			case "p90":
				r.P90 = us
			case "p99":
				r.P99 = us
			case "p999":
				r.P999 = us
			case "max":
				r.Max = us
			case "sent":
				r.Sent = n
			case "acks":
				r.Acks = n
			case "other":
				r.Other = n
			}
		}
		return r, nil
	}
	return nil, fmt.Errorf("wrk printed no result:\n%s", out)
}

// runWrk runs wrk once with the plan's script.
func runWrk(ctx context.Context, env *Env, dir, mode, target string, threads, conns int, d time.Duration, start int64, ackFile string) (*wrkResult, error) {
	args := []string{"-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", strconv.Itoa(int(d.Seconds())) + "s",
		"--timeout", "10s", "-s", filepath.Join(dir, "votes-"+mode+".lua"), target,
		"--", strconv.FormatInt(start, 10), strconv.Itoa(threads), ackFile}
	cmd := exec.CommandContext(ctx, "wrk", args...)
	cmd.Stderr = env.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("wrk %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return parseWrkResult(string(out))
}

// ackLog is what the ack files of a plan's runs say.
type ackLog struct {
	sent  map[int64]bool // every request k sent
	acked []int64
	runs  int
}

// readAcks reads every acks-*.txt in dir.
func readAcks(dir string) (*ackLog, error) {
	files, err := filepath.Glob(filepath.Join(dir, "acks-*.txt"))
	if err != nil {
		return nil, err
	}
	l := &ackLog{sent: map[int64]bool{}}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		l.runs++
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			bad := func() error { f.Close(); return fmt.Errorf("%s: cannot read %q", name, sc.Text()) }
			switch {
			case len(fs) == 5 && fs[0] == "T":
				var n [4]int64
				for i := range n {
					if n[i], err = strconv.ParseInt(fs[i+1], 10, 64); err != nil {
						return nil, bad()
					}
				}
				for j := int64(0); j < n[2]; j++ {
					k := n[0] + j*n[1]
					if l.sent[k] {
						f.Close()
						return nil, fmt.Errorf("%s: request %d was sent twice: runs overlap", name, k)
					}
					l.sent[k] = true
				}
			case len(fs) == 2 && fs[0] == "A":
				k, err := strconv.ParseInt(fs[1], 10, 64)
				if err != nil {
					return nil, bad()
				}
				l.acked = append(l.acked, k)
			default:
				return nil, bad()
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// wrkCheck is the outcome of checking the database against the ack files.
type wrkCheck struct {
	Sent, Acked, Committed     int
	Missing, Wrong, Unexpected int // Wrong: any vote in the database with a value never sent
	NotSent                    int // acknowledged but never sent: a broken log
	MissingUnanswered          int // sent, never acknowledged, not in the database
}

func (c *wrkCheck) ok() bool {
	return c.Missing == 0 && c.Wrong == 0 && c.Unexpected == 0 && c.NotSent == 0
}

// verdict says what the check proves. In json mode the answers do not name
// their request: the acknowledged votes are proven on disk only when every
// vote sent is, and fewer votes in the database than acknowledged proves
// a loss.
func (c *wrkCheck) verdict(jsonMode bool, acked int64) (string, bool) {
	switch {
	case !c.ok():
		return "FAILED: the database does not hold exactly the acknowledged votes", false
	case !jsonMode:
		return "every acknowledged vote is in the database, with its value", true
	case int64(c.Committed) < acked:
		return fmt.Sprintf("FAILED: %d votes acknowledged, only %d in the database", acked, c.Committed), false
	case c.MissingUnanswered == 0:
		return "every vote sent is in the database, with its value, so every acknowledged one is", true
	default:
		return fmt.Sprintf("not proven: %d votes sent are not in the database, and the answers do not say whether they were among the %d acknowledged (use -mode form to know)",
			c.MissingUnanswered, acked), true
	}
}

// checkWrk compares the database with what the ack files say.
func checkWrk(ctx context.Context, db *store.DB, plan *wrkPlan, l *ackLog) (*wrkCheck, error) {
	for k := range l.sent {
		if k >= plan.capacity() {
			return nil, fmt.Errorf("request %d is beyond the plan's %d voter-statement pairs: prepare more statements", k, plan.capacity())
		}
	}
	votes, err := db.ConversationVotes(ctx, plan.MeetingID, plan.GroupID, "")
	if err != nil {
		return nil, err
	}
	userIdx := make(map[string]int, len(plan.Users))
	for i, u := range plan.Users {
		userIdx[u] = i
	}
	stIdx := make(map[string]int, len(plan.Statements))
	for i, s := range plan.Statements {
		stIdx[s] = i
	}
	v := int64(len(plan.Users))
	stored := make(map[int64]int, len(votes)) // by request k
	c := &wrkCheck{Sent: len(l.sent), Acked: len(l.acked)}
	for _, vt := range votes {
		u, ok1 := userIdx[vt.UserID]
		s, ok2 := stIdx[vt.StatementID]
		if !ok1 || !ok2 {
			c.Unexpected++
			continue
		}
		k := int64(s)*v + int64(u)
		if !l.sent[k] {
			c.Unexpected++
			continue
		}
		stored[k] = vt.Value
		if _, _, want := plan.pair(k); vt.Value != want {
			c.Wrong++
		}
	}
	c.Committed = len(stored)
	acked := make(map[int64]bool, len(l.acked))
	for _, k := range l.acked {
		acked[k] = true
		if !l.sent[k] {
			c.NotSent++
			continue
		}
		if _, ok := stored[k]; !ok {
			c.Missing++
		}
	}
	for k := range l.sent {
		if _, ok := stored[k]; !ok && !acked[k] {
			c.MissingUnanswered++
		}
	}
	return c, nil
}

func (c *wrkCheck) String() string {
	return fmt.Sprintf("%d requests sent, %d acknowledged by name, %d in the database; acknowledged but missing %d, with another value %d; in the database but never sent %d; sent, unacknowledged and not in the database %d",
		c.Sent, c.Acked, c.Committed, c.Missing, c.Wrong, c.Unexpected, c.MissingUnanswered)
}

// runCheck: plenary loadtest check -db URL -dir DIR [-json]
func runCheck(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	dir := fs.String("dir", "", "the folder of plan.json and the acks-*.txt files the wrk script wrote")
	jsonMode := fs.Bool("json", false, "the runs were in json mode: prove the acknowledged votes by finding every vote sent")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return Usagef("-dir is needed")
	}
	plan, err := readWrkPlan(*dir)
	if err != nil {
		return err
	}
	l, err := readAcks(*dir)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, false, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := checkWrk(ctx, db, plan, l)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "check: %s\n", c)
	if !c.ok() {
		return errors.New("the database does not hold exactly the acknowledged votes")
	}
	if *jsonMode && c.MissingUnanswered > 0 {
		fmt.Fprintf(env.Stdout, "not proven: %d votes sent are not in the database, and json answers do not say which were acknowledged\n", c.MissingUnanswered)
	}
	return nil
}

// runWrkLoadtest: plenary loadtest wrk -db URL -url URL ...: prepare, the
// no-op ceiling, a warm-up and the measured run, then the check.
func runWrkLoadtest(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	target := fs.String("url", "http://127.0.0.1:8080", "address of the running plenary server")
	dir := fs.String("dir", "", "working folder (a new temporary one when empty)")
	voters := fs.Int("voters", 1000, "voters, each with a login session")
	statements := fs.Int("statements", 0, "statements (0: enough for -max-rate over the whole run)")
	maxRate := fs.Int("max-rate", 40000, "the most votes per second expected, to size the plan")
	conns := fs.Int("connections", 1000, "concurrent connections")
	threads := fs.Int("threads", 2, "wrk threads")
	duration := fs.Duration("duration", 60*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 5*time.Second, "load sent before measuring (0: none)")
	mode := fs.String("mode", "form", "form (answered 303 naming the request: every acknowledged vote is checked) or json (answered 204)")
	noop := fs.Bool("noop", true, "measure the no-op ceiling first, with the same script")
	metricsURL := fs.String("metrics", "", "the server's metrics (http://HOST:PORT/metrics), to report the database connections it opened")
	hog := fs.Int("hog", 0, "keep this many cores busy with a loop during the ceiling and the runs, standing for the other work of a real server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *hog < 0 || *hog > 64 {
		return Usagef("-hog is a number of cores from 0 to 64")
	}
	if *hog > 0 {
		stop := cpuHog(*hog)
		defer stop()
		fmt.Fprintf(env.Stdout, "a busy loop keeps %d core(s) busy until the end\n", *hog)
	}
	if *mode != "form" && *mode != "json" {
		return Usagef("-mode is form or json")
	}
	if *duration < time.Second || *conns < *threads || *threads < 1 {
		return Usagef("the duration must be at least 1s, and connections at least threads")
	}
	base, err := url.Parse(*target)
	if err != nil || base.Scheme != "http" || base.Host == "" {
		return Usagef("-url must be an address like http://127.0.0.1:8080")
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk is not installed (Debian: apt-get install wrk)")
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "plenary-wrk-"); err != nil {
			return err
		}
	}
	if *statements == 0 {
		need := int64(*maxRate) * int64((*duration+*warmup+20*time.Second)/time.Second)
		*statements = int((need + int64(*voters) - 1) / int64(*voters))
	}
	db, err := openDB(ctx, *dbURL, false, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	plan, err := prepareWrk(ctx, env, db, *dir, *voters, *statements)
	if err != nil {
		return err
	}
	if *noop {
		res, err := wrkNoop(ctx, env, *dir, *mode, *threads, *conns, *duration)
		if err != nil {
			return fmt.Errorf("no-op ceiling: %w", err)
		}
		fmt.Fprintf(env.Stdout, "no-op ceiling (wrk, %s): %s\n", *mode, res)
	}
	var start int64
	if *warmup >= time.Second {
		res, err := runWrk(ctx, env, *dir, *mode, base.String(), *threads, *conns, *warmup, 0, filepath.Join(*dir, "acks-0-warmup.txt"))
		if err != nil {
			return err
		}
		l, err := readAcks(*dir)
		if err != nil {
			return err
		}
		for k := range l.sent {
			start = max(start, k+1)
		}
		fmt.Fprintf(env.Stdout, "warm-up: %s\n", res)
	}
	cw := watchConns(ctx, db, *metricsURL)
	res, err := runWrk(ctx, env, *dir, *mode, base.String(), *threads, *conns, *duration, start, filepath.Join(*dir, "acks-1-run.txt"))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "votes on %s (%s, wrk, %s, %d connections): %s\n", base.Host, db.Engine(), *mode, *conns, res)
	fmt.Fprintf(env.Stdout, "database connections opened during the run: %s\n", cw.report(ctx))
	if res.Other > 0 && *mode == "form" {
		fmt.Fprintf(env.Stdout, "%d answers other than 303 /a/k\n", res.Other)
	}
	l, err := readAcks(*dir)
	if err != nil {
		return err
	}
	c, err := checkWrk(ctx, db, plan, l)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "check: %s\n", c)
	verdict, ok := c.verdict(*mode == "json", res.Acked())
	fmt.Fprintf(env.Stdout, "%s (files in %s)\n", verdict, *dir)
	if !ok {
		return errors.New(verdict)
	}
	return nil
}

// wrkNoop measures the same script against "plenary loadtest serve-noop".
func wrkNoop(ctx context.Context, env *Env, dir, mode string, threads, conns int, d time.Duration) (*wrkResult, error) {
	addr, stop, err := startNoop(ctx, env)
	if err != nil {
		return nil, err
	}
	defer stop()
	res, err := runWrk(ctx, env, dir, mode, "http://"+addr, threads, conns, d, 0, os.DevNull)
	if res != nil {
		res.Mode = "noop"
	}
	return res, err
}

// startNoop starts "plenary loadtest serve-noop" as a separate process on
// a free port.
func startNoop(ctx context.Context, env *Env) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	exe, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "loadtest", "serve-noop", "-addr", addr)
	cmd.Stderr = env.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr, stop, nil
		}
		if i > 100 {
			stop()
			return "", nil, fmt.Errorf("the no-op server did not start: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cpuHog keeps n goroutines spinning, each on a thread of its own, until
// stop is called.
func cpuHog(n int) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			x := uint64(1)
			for !done.Load() {
				for i := 0; i < 1<<16; i++ {
					x = x*6364136223846793005 + 1442695040888963407
				}
			}
			hogSink.Store(x)
		}()
	}
	return func() { done.Store(true); wg.Wait() }
}

var hogSink atomic.Uint64
