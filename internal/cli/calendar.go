package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/plenary-org/plenary/internal/calendar"
)

const (
	exportCalendarUsage = "calendar [-base URL] [-o FILE] MEETING_ID"
	exportCalendarLong  = "plenary export calendar writes a meeting's sessions and parts that have times as an iCalendar file (RFC 5545, .ics), in the meeting's time zone; -base is the site's public address, for the events' links (docs/CALENDAR.md)."
)

func runExportCalendar(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	out := fs.String("o", "", "write to this file instead of standard output")
	base := fs.String("base", env.Getenv("PLENARY_BASE_URL"), "the site's public address, for links (default $PLENARY_BASE_URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one meeting ID")
	}
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	data, err := calendar.New(db).MeetingCalendar(ctx, operator, fs.Arg(0), *base)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err := env.Stdout.Write(data)
		return err
	}
	if _, err := writeFileAtomic(*out, func(w io.Writer) (int, error) { _, err := w.Write(data); return len(data), err }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported the calendar of %s to %s\n", fs.Arg(0), *out)
	return nil
}
