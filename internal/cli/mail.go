package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

var mailCommand = &Command{
	Name:    "mail",
	Usage:   "test -to ADDRESS [-lang L]",
	Summary: "send a test message through the outbox and say what happened",
	Long: `"plenary mail test -to ADDRESS" checks the e-mail settings (PLENARY_SMTP_URL,
PLENARY_SMTP_PASSWORD_FILE, PLENARY_MAIL_FROM; docs/MAIL.md): it puts a test message in the outbox,
delivers it at once through the SMTP server and says what the server answered. A message the server
refuses for now stays in the outbox for the running servers to retry; one it refuses for good is marked
failed (the administrator's outbox page lists both). -lang chooses the message's language (en).`,
	Run: runMail,
}

func runMail(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	test := len(args) > 0 && args[0] == "test"
	if test {
		args = args[1:]
	}
	dbURL := dbFlag(env, fs)
	to := fs.String("to", "", "the address to send the test message to")
	lang := fs.String("lang", "en", "the message's language: en, fr, es, ar, zh or ru")
	baseURL := fs.String("base-url", env.Getenv("PLENARY_BASE_URL"), "public address for the message's link (env PLENARY_BASE_URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !test || *to == "" || fs.NArg() != 0 {
		return Usagef("plenary mail test -to ADDRESS")
	}
	if !locale.Supported(*lang) {
		return Usagef("-lang must be en, fr, es, ar, zh or ru, not %q", *lang)
	}
	cfg, err := mail.ConfigFromEnv(env.Getenv, os.ReadFile)
	if err != nil {
		return err
	}
	if cfg == nil {
		return fmt.Errorf("%s is not set: plenary sends no e-mail (docs/MAIL.md says how to set it up)", mail.EnvURL)
	}
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	links := *baseURL
	if links == "" {
		links = "http://127.0.0.1:8080"
	}
	c := mail.NewComposer(locale.MustLoad(), db, links)
	m, err := mail.NewService(db, c, nil).EnqueueTest(ctx, *to, *lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Put the test message %s to %s in the outbox; sending it through %s\n", m.ID, m.To, cfg)
	sender := mail.NewSender(db, mail.NewSMTP(*cfg), c, mail.SenderOptions{Owner: "plenary mail test", Lease: 2 * time.Minute})
	after, sendErr := sender.DeliverOne(ctx, m.ID)
	if after == nil {
		return sendErr
	}
	switch after.Status {
	case store.MailSent:
		fmt.Fprintf(env.Stdout, "Sent: the server accepted it.\n")
		return nil
	case store.MailPending:
		return fmt.Errorf("the server refused it for now: %v\nIt stays in the outbox: a running plenary tries again at %s", sendErr, after.NextAttemptAt.Format(time.RFC3339))
	default:
		return fmt.Errorf("failed for good: %v\nIt is marked failed in the outbox (/admin/outbox)", sendErr)
	}
}
