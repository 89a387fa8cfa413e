package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/web"
)

// floodPhase is what one phase of the login flood test measured.
type floodPhase struct {
	name      string
	page      []time.Duration // latencies of the logged-in page
	answers   map[int]int     // flood answers by status
	logins    int             // flood requests answered
	peakHeap  uint64          // the largest HeapInuse seen
	peakRSS   uint64          // the largest resident set seen (Linux), bytes
	noRetry   int             // 503 answers without Retry-After
	hashes    int64           // passwords hashed during the phase
	elapsed   time.Duration
	flooders  int
	pageFails int
}

func (p *floodPhase) quantile(q float64) time.Duration {
	if len(p.page) == 0 {
		return 0
	}
	s := slices.Clone(p.page)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func (p *floodPhase) String() string {
	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	s := fmt.Sprintf("%-22s page p50 %6.1f ms  p99 %7.1f ms (%d reads, %d failed)  heap peak %6.0f MiB  RSS peak %6.0f MiB",
		p.name, float64(p.quantile(0.5).Microseconds())/1000, float64(p.quantile(0.99).Microseconds())/1000, len(p.page), p.pageFails, mib(p.peakHeap), mib(p.peakRSS))
	if p.flooders > 0 {
		s += fmt.Sprintf("  flood: %d clients, %d logins in %v (%.0f/s), answers %v, %d hashed", p.flooders, p.logins, p.elapsed.Round(time.Millisecond),
			float64(p.logins)/p.elapsed.Seconds(), p.answers, p.hashes)
	}
	return s
}

// rss returns the process's resident set size on Linux, 0 elsewhere.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestLoginFloodKeepsPagesFast floods the login with wrong passwords, every
// one from another address (through a trusted proxy), so that the throttle
// lets all of them through to the password check, while a logged-in person
// reads a meeting page. It measures the page's latency and the server's
// memory without and with the flood (and with a flood of requests for
// /healthz, which do nothing, for comparison), and checks that the flood
// is answered 401 or 503 with Retry-After, that memory stays near what
// the cap on concurrent hashing allows, and that the page does not
// collapse.
//
// PLENARY_LOGIN_FLOOD_SECONDS sets each phase's length (3 s by default);
// PLENARY_LOGIN_FLOOD_UNCAPPED=1 adds a phase with the cap lifted, for
// comparison (it takes some 19 MiB a flooding client: 4 GB at 200).
func TestLoginFloodKeepsPagesFast(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	phase := 3 * time.Second
	if v := os.Getenv("PLENARY_LOGIN_FLOOD_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("PLENARY_LOGIN_FLOOD_SECONDS=%q: want whole seconds", v)
		}
		phase = time.Duration(n) * time.Second
	}
	const flooders = 200
	ctx := context.Background()
	db := storetest.Open(t)
	hash, err := auth.HashPassword("the reader's password", auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	reader := &domain.User{Email: "reader@example.org", Name: "Reader"}
	target := &domain.User{Email: "target@example.org", Name: "Target"}
	for _, u := range []*domain.User{reader, target} {
		if err := db.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: &domain.User{ID: reader.ID, Name: "setup", Admin: true}})
	p := &domain.Process{Name: "Process"}
	if err := db.CreateProcess(actx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "Seventh Global Meeting"}
	if err := db.CreateMeeting(actx, m); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMembership(actx, &domain.Membership{UserID: reader.ID, ProcessID: p.ID, Role: domain.RoleSecretariat}); err != nil {
		t.Fatal(err)
	}
	cookie, cookieHash := auth.NewToken()
	if err := db.CreateWebSession(ctx, cookieHash, reader.ID, time.Hour); err != nil {
		t.Fatal(err)
	}

	serve := func(opt account.Options) (*httptest.Server, *account.Service) {
		ac := account.New(db, opt)
		h, _, _, err := buildHandler(db, slog.New(slog.DiscardHandler), web.Config{ActorCacheTTL: 5 * time.Second, Accounts: ac,
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv, ac
	}
	var addr atomic.Uint32 // where the next flood's client addresses start, in 10.0.0.0/8
	run := func(name string, srv *httptest.Server, ac *account.Service, flood string) *floodPhase {
		res := &floodPhase{name: name, answers: map[int]int{}}
		runtime.GC()
		client := &http.Client{Transport: &http.Transport{}, Timeout: time.Minute}
		defer client.CloseIdleConnections()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		before := ac.HashStats().Hashes
		start := time.Now()
		var child *exec.Cmd
		var childOut strings.Builder
		if flood != "" {
			// The flood comes from another process, as an attacker's does:
			// the server's process measures only its own work.
			res.flooders = flooders
			child = exec.Command(os.Args[0], "-test.run=^TestLoginFloodClient$", "-test.count=1")
			child.Env = append(os.Environ(), "PLENARY_FLOOD_URL="+srv.URL, "PLENARY_FLOOD_MODE="+flood, fmt.Sprintf("PLENARY_FLOOD_CLIENTS=%d", flooders),
				fmt.Sprintf("PLENARY_FLOOD_FIRST=%d", addr.Add(1<<20)))
			child.Stdout, child.Stderr = &childOut, &childOut
			stdin, err := child.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { <-stop; stdin.Close() }()
			time.Sleep(200 * time.Millisecond) // let the flood start
		}
		wg.Go(func() { // the memory, every 20 ms
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				r := rss()
				mu.Lock()
				res.peakHeap, res.peakRSS = max(res.peakHeap, ms.HeapInuse), max(res.peakRSS, r)
				mu.Unlock()
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		})
		// The reader opens the meeting page 20 times a second.
		tick := time.NewTicker(50 * time.Millisecond)
		deadline := time.After(phase)
	read:
		for {
			select {
			case <-deadline:
				break read
			case <-tick.C:
			}
			req, _ := http.NewRequest("GET", srv.URL+"/meetings/"+m.ID, nil)
			req.AddCookie(&http.Cookie{Name: "plenary_session", Value: cookie})
			t0 := time.Now()
			resp, err := client.Do(req)
			d := time.Since(t0)
			if err != nil || resp.StatusCode != http.StatusOK {
				res.pageFails++
				if err == nil {
					resp.Body.Close()
				}
				continue
			}
			resp.Body.Close()
			res.page = append(res.page, d)
		}
		tick.Stop()
		close(stop)
		wg.Wait()
		res.elapsed = time.Since(start)
		if child != nil {
			if err := child.Wait(); err != nil {
				t.Fatalf("the flood: %v\n%s", err, childOut.String())
			}
			m := regexp.MustCompile(`FLOOD (\d+) (\d+) (\d+) (\d+) (\d+)`).FindStringSubmatch(childOut.String())
			if m == nil {
				t.Fatalf("the flood reported nothing:\n%s", childOut.String())
			}
			n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
			res.logins, res.noRetry = n(1), n(5)
			for code, i := range map[int]int{http.StatusUnauthorized: 2, http.StatusServiceUnavailable: 3} {
				if n(i) > 0 {
					res.answers[code] = n(i)
				}
			}
			if n(4) > 0 {
				res.answers[0] = n(4) // any other status
			}
		}
		res.hashes = ac.HashStats().Hashes - before
		t.Log(res)
		return res
	}

	srv, ac := serve(account.Options{})
	quiet := run("no flood", srv, ac, "")
	flooded := run("login flood", srv, ac, "login")
	// The same clients asking for /healthz, which does nothing: what so
	// many requests cost this machine whatever they ask.
	run("/healthz flood", srv, ac, "healthz")
	if os.Getenv("PLENARY_LOGIN_FLOOD_UNCAPPED") == "1" {
		usrv, uac := serve(account.Options{Hashing: auth.HasherOptions{Slots: 100000}})
		run("login flood, no cap", usrv, uac, "login")
	}

	if quiet.pageFails > 0 || flooded.pageFails > 0 {
		t.Errorf("the logged-in page failed %d times without the flood, %d times with it", quiet.pageFails, flooded.pageFails)
	}
	for code, n := range flooded.answers {
		if code != http.StatusUnauthorized && code != http.StatusServiceUnavailable {
			t.Errorf("the flood was answered %d %d times; want only 401 (checked) and 503 (refused)", code, n)
		}
	}
	if flooded.answers[http.StatusUnauthorized] == 0 || flooded.noRetry > 0 {
		t.Errorf("flood answers %v, %d refusals without Retry-After: want passwords checked, and every refusal with Retry-After", flooded.answers, flooded.noRetry)
	}
	// At most half of GOMAXPROCS hashes of 19 MiB run at once; allow the
	// garbage collector four times that, and 128 MiB more for the tens of
	// thousands of refused requests' own garbage (on two cores the flood
	// peaked 130-145 MiB above the quiet heap, against an allowance of
	// 140 with 64 MiB, before and after commit 6f6a6e2 alike, so the test
	// failed on noise): still far below the 3.8 GB of 200 clients' hashes
	// that the cap prevents.
	limit := quiet.peakHeap + 4*uint64(max(1, runtime.GOMAXPROCS(0)/2))*uint64(auth.DefaultParams.Memory)<<10 + 128<<20
	if flooded.peakHeap > limit {
		t.Errorf("heap in use peaked at %d MiB under the flood (%d MiB without); want at most %d MiB", flooded.peakHeap>>20, quiet.peakHeap>>20, limit>>20)
	}
	// The page's latency is measured rather than tested: on a test machine
	// shared with other work it varies too much. Only a collapse fails
	// (unprotected, logins took 43 to 62 s during such a flood).
	if p50 := flooded.quantile(0.5); p50 > 2*time.Second {
		t.Errorf("the logged-in page's median was %v under the flood (%v without); want under 2 s", p50, quiet.quantile(0.5))
	}
}

// TestLoginFloodClient is the flood of TestLoginFloodKeepsPagesFast, run
// in a process of its own: PLENARY_FLOOD_CLIENTS clients post wrong
// passwords to PLENARY_FLOOD_URL (PLENARY_FLOOD_MODE=login), each attempt
// from another address, or ask for /healthz (healthz), until standard
// input closes; then it prints what it was answered (200 and 401 counted
// together).
func TestLoginFloodClient(t *testing.T) {
	base := os.Getenv("PLENARY_FLOOD_URL")
	if base == "" {
		t.Skip("the flood of TestLoginFloodKeepsPagesFast")
	}
	mode := os.Getenv("PLENARY_FLOOD_MODE")
	clients, _ := strconv.Atoi(os.Getenv("PLENARY_FLOOD_CLIENTS"))
	first, _ := strconv.Atoi(os.Getenv("PLENARY_FLOOD_FIRST"))
	var next atomic.Uint32
	next.Store(uint32(first))
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients + 10}, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var mu sync.Mutex
	var total, unauthorized, unavailable, other, noRetry int
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				n := next.Add(1)
				req, _ := http.NewRequest("GET", base+"/healthz", nil)
				if mode == "login" {
					form := url.Values{"email": {"target@example.org"}, "password": {"not the password"}}
					req, _ = http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", byte(n>>16), byte(n>>8), byte(n)))
				resp, err := client.Do(req)
				if err != nil {
					select {
					case <-stop:
						return
					default:
					}
					t.Errorf("flood: %v", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				total++
				switch resp.StatusCode {
				case http.StatusUnauthorized, http.StatusOK:
					unauthorized++
				case http.StatusServiceUnavailable:
					unavailable++
					if resp.Header.Get("Retry-After") == "" {
						noRetry++
					}
				default:
					other++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	fmt.Printf("FLOOD %d %d %d %d %d\n", total, unauthorized, unavailable, other, noRetry)
}
