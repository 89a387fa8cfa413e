package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/api"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/wordvec"
	"github.com/plenary-org/plenary/internal/web"
)

var serveCommand = &Command{
	Name:    "serve",
	Usage:   "[-addr HOST:PORT] [-db URL] [-demo]",
	Summary: "run the web server",
	Long: `Serves the web pages, the JSON API (/api/v1, described at /api/v1/openapi.json),
/healthz and /readyz; /metrics only on its own listener (-metrics-addr or
PLENARY_METRICS_ADDR), never on the pages' address. On an empty database, -demo loads the GRCP 7 demo (with
GRCP 6 (demonstration), a completed earlier meeting whose outcome document is published) and
prints its logins. Stops gracefully on Ctrl-C or SIGTERM.

Environment: PLENARY_ADDR, PLENARY_DATABASE_URL (or PLENARY_DATABASE_URL_FILE),
PLENARY_BASE_URL, PLENARY_LOG_FORMAT (text or json), PLENARY_AUTO_MIGRATE (default true),
PLENARY_SECURE_COOKIES (default: true unless listening on a loopback address without an https
base URL), PLENARY_TRUSTED_PROXIES (comma-separated addresses or CIDR ranges of reverse proxies
whose X-Forwarded-For names the client, for example 127.0.0.1/32,10.0.0.0/8),
PLENARY_METRICS_ADDR (the address where Prometheus metrics answer at /metrics, for example
127.0.0.1:9090 or an address of the monitoring network; off when empty),
PLENARY_DB_MAX_CONNS, PLENARY_DB_IDLE_CONNS and PLENARY_DB_CONN_IDLE_TIME (the PostgreSQL connection
pool: at most 32 connections by default, all kept open while unused for 5 minutes, so that load does
not close and reopen them; several instances on one server need room for theirs in PostgreSQL's
max_connections),
PLENARY_VOTE_WRITERS and PLENARY_VOTE_INTERVAL (the group commit of votes: transactions under way
at once, 1 on SQLite and 2 on PostgreSQL by default, and the least time between two commits of one
writer, 5ms by default),
PLENARY_REMIND_EVERY (how often the server reminds the owners of progress reports due within 14 days
or overdue, as plenary remind does: 24h by default, off to turn it off; each reminder is sent once,
and with several servers on one database one of them sweeps at a time),
PLENARY_VOTING_CLOSING_LEAD (how long before a breakout part's end its groups' voters are told that
voting closes soon: 1h by default, off to turn it off; checked every minute, each person told once),
PLENARY_PPROF_ADDR (a loopback address where Go's profiler answers, for measuring; off when empty),
PLENARY_LOGIN_LIMIT (failed logins one client address may make in 15 minutes, whatever the
accounts, default 300: enough for a conference hall behind one address; an account at one
address is slowed down after 5 failures however high this is),
PLENARY_OIDC_PROVIDERS_FILE (a JSON file of the OpenID Connect providers people may log in with,
each with its client secret in a file of its own: docs/SSO.md). With -demo, the demo identity
provider is served at /demo-idp and offered on the login page.
PLENARY_SMTP_URL (smtp://user@host:587 or smtps://user@host:465), PLENARY_SMTP_PASSWORD_FILE and
PLENARY_MAIL_FROM (e-mail, docs/MAIL.md; with -demo and no PLENARY_SMTP_URL, e-mail goes to the
demo mailbox that the administrator reads at /admin/mailbox).`,
	Run: runServe,
}

func runServe(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	addr := fs.String("addr", envOr(env, "PLENARY_ADDR", "127.0.0.1:8080"), "address to listen on (env PLENARY_ADDR)")
	dbURL := dbFlag(env, fs)
	withDemo := fs.Bool("demo", false, "load the GRCP 7 demo when the database is empty")
	baseURL := fs.String("base-url", env.Getenv("PLENARY_BASE_URL"), "public address for links in invitations (env PLENARY_BASE_URL)")
	logFormat := fs.String("log-format", "", "text or json (env PLENARY_LOG_FORMAT)")
	metricsAddr := fs.String("metrics-addr", env.Getenv("PLENARY_METRICS_ADDR"), "address of the /metrics listener, off when empty (env PLENARY_METRICS_ADDR)")
	pool := poolFlags(env, fs)
	remindEvery := fs.String("remind-every", envOr(env, "PLENARY_REMIND_EVERY", "24h"),
		"how often the server reminds owners of progress reports due or overdue, as plenary remind does; off to leave it to cron (env PLENARY_REMIND_EVERY)")
	closingLead := fs.String("voting-closing-lead", envOr(env, "PLENARY_VOTING_CLOSING_LEAD", deliberation.DefaultClosingLead.String()),
		"how long before a breakout part ends its groups' voters are told that voting closes soon; off to tell nobody (env PLENARY_VOTING_CLOSING_LEAD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q", fs.Arg(0))
	}
	every, err := reminderInterval(*remindEvery)
	if err != nil {
		return Usagef("%v", err)
	}
	lead, err := closingLeadOf(*closingLead)
	if err != nil {
		return Usagef("%v", err)
	}
	log := newLogger(env, *logFormat)
	opt, err := pool(log)
	if err != nil {
		return Usagef("%v", err)
	}
	autoMigrate := envOr(env, "PLENARY_AUTO_MIGRATE", "true") != "false"
	db, err := openDBWith(ctx, *dbURL, autoMigrate, opt)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		return err
	}
	demoMeeting, err := prepareData(ctx, env, db, *withDemo)
	if err != nil {
		return err
	}
	if pa := env.Getenv("PLENARY_PPROF_ADDR"); pa != "" {
		// Go's profiler, for measuring a running server; never on a public
		// address.
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		pl, err := net.Listen("tcp", pa)
		if err != nil {
			return fmt.Errorf("PLENARY_PPROF_ADDR: %w", err)
		}
		if !isLoopback(pl.Addr()) {
			pl.Close()
			return fmt.Errorf("PLENARY_PPROF_ADDR must be a loopback address, not %s", pa)
		}
		go (&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}).Serve(pl)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	// Cookies are Secure unless plenary serves plain HTTP on a laptop;
	// behind a TLS proxy the https base URL says so.
	secure := !isLoopback(ln.Addr()) || strings.HasPrefix(*baseURL, "https://")
	if v := env.Getenv("PLENARY_SECURE_COOKIES"); v != "" {
		secure = v == "true"
	}
	proxies, err := parsePrefixes(env.Getenv("PLENARY_TRUSTED_PROXIES"))
	if err != nil {
		return fmt.Errorf("PLENARY_TRUSTED_PROXIES: %w", err)
	}
	providers, err := ssoProviders(env)
	if err != nil {
		ln.Close()
		return err
	}
	extra := map[string]http.Handler{}
	if *withDemo {
		bases := demoBases(*baseURL, ln.Addr())
		idp, sp, err := demo.IdentityProvider(ctx, db, bases, locale.MustLoad(), log)
		if err != nil {
			ln.Close()
			return err
		}
		providers = append([]auth.SSOProvider{sp}, providers...)
		extra[demo.IdentityProviderPath+"/"] = idp
		fprintf(env, "The demo identity provider (a demonstration, not a real one) is at %s: \"Log in with %s\" on the login page.\n", sp.Issuer, sp.Name)
	}
	limits := account.DefaultLimits
	if v := env.Getenv("PLENARY_LOGIN_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("PLENARY_LOGIN_LIMIT: want a number of failed logins (1 or more), not %q", v)
		}
		limits.PerAddress = n
	}
	// Votes are written and conversations analysed by the live service;
	// it closes after the HTTP server, so that votes under way are written.
	wopt, err := voteWriterSettings(env)
	if err != nil {
		return Usagef("%v", err)
	}
	lv := live.New(db, live.Options{Log: log, Writer: wopt})
	defer lv.Close()
	// The bilingual dictionaries let the plenary's themes group statements
	// written in different languages; without them each language is
	// compared with itself (plenary says how to install them). They are
	// read when the themes first need them, not at start-up.
	dicts := &lazyDictionaries{env: env}
	// The word vectors take a second or two to read: read them now rather
	// than in the first plenary's request.
	go dicts.Vector("")
	// E-mail: a sender delivers the outbox through the SMTP server of
	// PLENARY_SMTP_URL; the demo without one sends to a mailbox of its
	// own that the administrator reads at /admin/mailbox.
	mcfg, err := mail.ConfigFromEnv(env.Getenv, os.ReadFile)
	if err != nil {
		ln.Close()
		return err
	}
	var mailbox *mail.Mailbox
	if mcfg == nil && *withDemo {
		if mailbox, err = mail.StartMailbox("127.0.0.1:0", 0); err != nil {
			ln.Close()
			return err
		}
		defer mailbox.Close()
		host, port, _ := net.SplitHostPort(mailbox.Addr())
		p, _ := strconv.Atoi(port)
		mcfg = &mail.Config{Host: host, Port: p, TLS: mail.TLSNone, From: "plenary demo <no-reply@demo.plenary.local>"}
	}
	links := *baseURL
	if links == "" {
		links = "http://" + ln.Addr().String()
	}
	composer := mail.NewComposer(locale.MustLoad(), db, links)
	aopt := account.Options{Limits: limits, SSO: providers}
	var sender *mail.Sender
	if mcfg != nil {
		sender = mail.NewSender(db, mail.NewSMTP(*mcfg), composer, mail.SenderOptions{Log: log})
		aopt.Mail, aopt.MailWake = composer, sender.Wake
	}
	mailSvc := mail.NewService(db, composer, aopt.MailWake)
	accounts := account.New(db, aopt)
	if demoMeeting != "" && sender != nil {
		if err := demoInvitation(ctx, accounts, db, demoMeeting, links); err != nil {
			ln.Close()
			return fmt.Errorf("demo invitation: %w", err)
		}
	}
	h, metrics, ws, err := buildHandler(db, log, web.Config{SecureCookies: secure, BaseURL: *baseURL, TrustedProxies: proxies, Live: lv,
		ActorCacheTTL: 5 * time.Second, Themes: dicts, Extra: extra, Accounts: accounts, Mail: mailSvc, MailOn: sender != nil, Mailbox: mailbox})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(ws.CloseStreams)
	// Metrics tell how busy the server is and what it counts: they are for
	// the monitoring system, on an address of their own, not for everyone
	// who can reach the pages.
	var msrv *http.Server
	if *metricsAddr != "" {
		ml, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen for metrics on %s: %w", *metricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics)
		msrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go msrv.Serve(ml)
		defer msrv.Close()
		fmt.Fprintf(env.Stdout, "plenary serves its metrics at http://%s/metrics\n", ml.Addr())
	}
	// The silence procedure adopts a document at its deadline, though
	// nobody reads it then; the voters of a breakout part are told that
	// it closes soon. Each sweep runs on one server at a time.
	sctx, stopSettling := context.WithCancel(ctx)
	settled := make(chan struct{})
	go func() {
		defer close(settled)
		minuteJobs(sctx, outcomes(db), deliberation.New(db, nil), lead, log, time.Minute)
	}()
	defer func() { stopSettling(); <-settled }()
	// Owners are reminded of the reports they owe without cron: each
	// reminder once, however many servers share the database.
	if every > 0 {
		reminded := make(chan struct{})
		go func() {
			defer close(reminded)
			followup.New(db).RunReminders(sctx, every, followup.DefaultReminderDays, log)
		}()
		defer func() { stopSettling(); <-reminded }()
	}
	// The sender stops after the HTTP server (deferred first, run last):
	// a message it was delivering is tried again at the next start.
	if sender != nil {
		mctx, stopMail := context.WithCancel(ctx)
		mailDone := make(chan struct{})
		go func() { defer close(mailDone); sender.Run(mctx) }()
		defer func() { stopMail(); <-mailDone }()
		if mailbox != nil {
			fmt.Fprintf(env.Stdout, "plenary sends its e-mail to the demo mailbox (no PLENARY_SMTP_URL): read it at /admin/mailbox as admin@\n")
		} else {
			fmt.Fprintf(env.Stdout, "plenary sends e-mail through %s\n", mcfg)
		}
	}
	fmt.Fprintf(env.Stdout, "plenary is serving http://%s (database: %s)\n", ln.Addr(), describeDB(*dbURL))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ssoProviders reads the OpenID Connect providers' file named by
// PLENARY_OIDC_PROVIDERS_FILE, if any.
func ssoProviders(env *Env) ([]auth.SSOProvider, error) {
	name := env.Getenv("PLENARY_OIDC_PROVIDERS_FILE")
	if name == "" {
		return nil, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("PLENARY_OIDC_PROVIDERS_FILE: %w", err)
	}
	defer f.Close()
	ps, err := auth.ParseSSOConfig(f, nil)
	if err != nil {
		return nil, fmt.Errorf("PLENARY_OIDC_PROVIDERS_FILE %s: %w", name, err)
	}
	return ps, nil
}

// demoBases are the addresses the demo identity provider sends browsers
// back to: the public address when there is one, else the listener's
// (with localhost beside a loopback address, which browsers use as well).
func demoBases(baseURL string, addr net.Addr) []string {
	if baseURL != "" {
		return []string{strings.TrimSuffix(baseURL, "/")}
	}
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return []string{"http://" + addr.String()}
	}
	ip := ap.Addr().Unmap()
	if ip.IsUnspecified() {
		ip = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	port := strconv.Itoa(int(ap.Port()))
	bases := []string{"http://" + net.JoinHostPort(ip.String(), port)}
	if ip.IsLoopback() {
		bases = append(bases, "http://"+net.JoinHostPort("localhost", port))
	}
	return bases
}

// reminderInterval reads -remind-every: a duration of at least a
// minute, or off (also 0) for none.
func reminderInterval(v string) (time.Duration, error) {
	if v == "off" || v == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute {
		return 0, fmt.Errorf("-remind-every (PLENARY_REMIND_EVERY): want a duration of a minute or more such as 24h, or off, not %q", v)
	}
	return d, nil
}

// closingLeadOf reads -voting-closing-lead: a duration from a minute to
// a week, or off.
func closingLeadOf(v string) (time.Duration, error) {
	if v == "off" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute || d > 7*24*time.Hour {
		return 0, fmt.Errorf("-voting-closing-lead (PLENARY_VOTING_CLOSING_LEAD): want a duration from a minute to a week such as 1h, or off, not %q", v)
	}
	return d, nil
}

// minuteJobs runs the server's timed jobs now and every interval until
// ctx ends: the outcome documents' silence procedure (a document whose
// round under silence reached its deadline unbroken is adopted,
// outcome.Service.SettleAll) and, with a lead, the notices that voting
// in a breakout part closes soon (deliberation.Service.SweepClosingVotes).
func minuteJobs(ctx context.Context, svc *outcome.Service, groups *deliberation.Service, lead time.Duration, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		groups.TellClosingVotes(ctx, time.Now(), lead, log)
		ids, err := svc.SettleAll(ctx)
		for _, id := range ids {
			log.Info("outcome document adopted by silence", slog.String("meeting", id))
		}
		if err != nil && ctx.Err() == nil {
			log.Error("silence procedure", slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// prepareData loads the demo into an empty database when asked, and tells
// how to create the first administrator when there is nobody.
func prepareData(ctx context.Context, env *Env, db *store.DB, withDemo bool) (demoMeeting string, err error) {
	n, err := db.CountUsers(ctx)
	if err != nil {
		return "", err
	}
	switch {
	case n == 0 && withDemo:
		res, err := demo.Load(ctx, db, auth.DefaultParams)
		if err != nil {
			return "", err
		}
		demoMeeting = res.MeetingID
		fprintf(env, "Loaded the GRCP 7 demo, and GRCP 6 (demonstration), a completed earlier meeting whose outcome document is published.\n"+
			"Log in with one of these accounts (password %q):\n", demo.Password)
		for _, l := range res.Logins {
			fprintf(env, "  %-34s %s\n", l.Email, l.Role)
		}
	case n == 0:
		fprintf(env, "The database has no accounts yet. Create the first administrator with:\n"+
			"  plenary user add -admin -email you@example.org -name \"Your Name\"\n"+
			"or start with demo data: plenary serve -demo\n")
	case withDemo:
		fprintf(env, "The database is not empty: the demo was not loaded.\n")
	}
	return demoMeeting, nil
}

// demoInvitation has the demo's secretariat invite an observer to the
// demo meeting by e-mail, in French, so that the demo's mailbox shows an
// invitation as sent from the start.
func demoInvitation(ctx context.Context, acc *account.Service, db *store.DB, meetingID, base string) error {
	u, _, err := db.UserByEmail(ctx, "secretariat@demo.plenary.local")
	if err != nil {
		return err
	}
	ms, err := db.MembershipsOf(ctx, u.ID)
	if err != nil {
		return err
	}
	_, _, err = acc.Invite(ctx, &domain.Actor{User: u, Memberships: ms}, account.InviteInput{MeetingID: meetingID, Email: "invited.observer@example.org",
		Role: domain.RoleObserver, Days: 30, Send: true, Lang: "fr", BaseURL: base})
	return err
}

// buildHandler assembles the web pages, the API and the health checks
// (app), and the Prometheus metrics of them (metrics), which serve mounts
// on a listener of its own.
func buildHandler(db *store.DB, log *slog.Logger, cfg web.Config) (app, metrics http.Handler, ws *web.Server, err error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "plenary_http_requests_total", Help: "HTTP requests by method and status code."}, []string{"method", "code"})
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "plenary_http_request_duration_seconds", Help: "HTTP request durations.", Buckets: prometheus.DefBuckets}, []string{"method", "code"})
	reg.MustRegister(requests, duration)
	// The database's connections: opened counting up fast under load
	// means the pool closes connections it needs a moment later
	// (PLENARY_DB_IDLE_CONNS); waits, that it has too few
	// (PLENARY_DB_MAX_CONNS).
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_db_connections_opened_total", Help: "Database connections opened since the start."},
			func() float64 { return float64(db.PoolStats().Opened) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_db_connections_closed_idle_total", Help: "Database connections closed because they were unused (too many idle, or idle too long) or too old."},
			func() float64 { return float64(db.PoolStats().Closed) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "plenary_db_connections_open", Help: "Database connections open now."},
			func() float64 { return float64(db.PoolStats().Open) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "plenary_db_connections_in_use", Help: "Database connections in use now."},
			func() float64 { return float64(db.PoolStats().InUse) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_db_connection_waits_total", Help: "Times a query waited for a connection because all were in use."},
			func() float64 { return float64(db.PoolStats().Waits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_db_connection_wait_seconds_total", Help: "Time queries waited for a connection."},
			func() float64 { return db.PoolStats().WaitTime.Seconds() }),
	)
	if lv := cfg.Live; lv != nil {
		// The vote writer's own counts: votes per commit (votes / commits)
		// says how well group commit is working, and busy time / elapsed
		// how near the writer is to its limit.
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_votes_written_total", Help: "Votes acknowledged by the vote writer (each on disk)."},
				func() float64 { return float64(lv.WriterStats().Votes) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_vote_commits_total", Help: "Transactions (group commits) that wrote votes."},
				func() float64 { return float64(lv.WriterStats().Commits) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_vote_writer_busy_seconds_total", Help: "Time the vote writer spent writing and committing."},
				func() float64 { return lv.WriterStats().Busy.Seconds() }),
		)
	}

	if cfg.Accounts == nil {
		cfg.Accounts = account.New(db, account.Options{})
	}
	// The pages and the API share one account service, and so one cap on
	// concurrent password hashing.
	ac := cfg.Accounts
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_password_hashes_total", Help: "Password hashes computed (logins, password changes, new accounts)."},
			func() float64 { return float64(ac.HashStats().Hashes) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "plenary_password_hash_refusals_total", Help: "Requests refused with 503 because too many passwords were being hashed."},
			func() float64 { return float64(ac.HashStats().Refused) }),
	)

	cfg.DB, cfg.Log = db, log
	cfg.Observe = (&httpMetrics{requests: requests, duration: duration}).observe
	cfg.Catalog = locale.MustLoad()
	cfg.API = api.New(db, log, api.WithLive(cfg.Live), api.WithThemes(cfg.Themes), api.WithAccounts(ac))
	if cfg.Extra == nil {
		cfg.Extra = map[string]http.Handler{}
	}
	cfg.Extra["GET /healthz"] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	cfg.Extra["GET /readyz"] = readyz(db)
	s, err := web.New(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	app = s.Handler()
	return app, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), s, nil
}

// httpMetrics counts requests by method and status code, with the labels
// promhttp's InstrumentHandlerCounter and InstrumentHandlerDuration give.
// The series of each pair are looked up once and kept: promhttp built a
// map of labels and wrapped the response twice for every request, 3% of
// the server's CPU while a plenary votes.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	series   sync.Map // httpSeriesKey -> *httpSeries
}

type httpSeriesKey struct {
	method string
	code   int
}

type httpSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func (m *httpMetrics) observe(method string, code int, d time.Duration) {
	if code == 0 {
		code = http.StatusOK // nothing written: net/http answers 200
	}
	k := httpSeriesKey{metricMethod(method), code}
	v, ok := m.series.Load(k)
	if !ok {
		c := strconv.Itoa(code)
		v, _ = m.series.LoadOrStore(k, &httpSeries{requests: m.requests.WithLabelValues(k.method, c), duration: m.duration.WithLabelValues(k.method, c)})
	}
	sr := v.(*httpSeries)
	sr.requests.Inc()
	sr.duration.Observe(d.Seconds())
}

// metricMethod is the method's label: lower case for the methods HTTP
// defines, "unknown" for any other (as promhttp), so that a client cannot
// make a series of each word it sends.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet:
		return "get"
	case http.MethodPost:
		return "post"
	case http.MethodHead:
		return "head"
	case http.MethodPut:
		return "put"
	case http.MethodDelete:
		return "delete"
	case http.MethodPatch:
		return "patch"
	case http.MethodOptions:
		return "options"
	case http.MethodConnect:
		return "connect"
	case http.MethodTrace:
		return "trace"
	case "NOTIFY":
		return "notify"
	}
	return "unknown"
}

// readyz answers 200 when the database answers and has the expected
// schema, 503 otherwise, so a load balancer stops sending traffic.
func readyz(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := db.CheckSchema(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

func describeDB(url string) string {
	if strings.HasPrefix(url, "postgres") {
		if i := strings.LastIndex(url, "@"); i >= 0 {
			return "postgres://…" + url[i:]
		}
		return "postgres"
	}
	return "SQLite " + url
}

// parsePrefixes reads a comma-separated list of addresses and CIDR ranges.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR range", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// lazyDictionaries loads the themes engine's bilingual dictionaries for
// the six languages the first time a word is translated, and its English
// word vectors (the 100,000 most frequent words) the first time one is
// asked for.
type lazyDictionaries struct {
	env   *Env
	once  sync.Once
	t     themes.Translator
	vonce sync.Once
	v     *wordvec.Vectors
}

// Vector implements themes.WordVectors (nil when none are installed).
func (d *lazyDictionaries) Vector(word string) []float32 {
	d.vonce.Do(func() {
		p := wordvec.Find(dict.SearchPath(d.env.Getenv))
		if p == "" {
			return
		}
		v, err := wordvec.Load(p, wordvec.DefaultWords, nil)
		if err != nil {
			fprintf(d.env, "note: word vectors not read: %v\n", err)
			return
		}
		d.v = v
	})
	return d.v.Vector(word)
}

// Translate implements themes.Translator.
func (d *lazyDictionaries) Translate(lang, word string) []string {
	d.once.Do(func() {
		all := map[string]bool{}
		for _, l := range domain.Locales {
			all[l] = true
		}
		d.t = themesDictionaries(d.env, all)
	})
	if d.t == nil {
		return nil
	}
	return d.t.Translate(lang, word)
}
