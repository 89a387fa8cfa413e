package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

var userCommand = &Command{
	Name:    "user",
	Usage:   "add|list|password|disable|enable [flags]",
	Summary: "manage accounts (instance administrators)",
	Long: `Subcommands:
  plenary user add -email E -name N [-admin] [-locale fr] [-password-stdin]
  plenary user list [-q TEXT]
  plenary user password -email E [-password-stdin]
  plenary user disable -email E
  plenary user enable -email E
Without -password-stdin a random password is generated and printed once.`,
	Run: runUser,
}

func runUser(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fs.Usage()
			return flag.ErrHelp
		}
		return Usagef("name a subcommand: add, list, password, disable or enable")
	}
	sub, args := args[0], args[1:]
	dbURL := dbFlag(env, fs)
	email := fs.String("email", "", "e-mail address of the account")
	name := fs.String("name", "", "full name (add)")
	admin := fs.Bool("admin", false, "make the account an instance administrator (add)")
	loc := fs.String("locale", "", "interface language: en, fr, es, ar, zh or ru (add)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	q := fs.String("q", "", "part of a name or address (list)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch sub {
	case "add", "list", "password", "disable", "enable":
	default:
		return Usagef("unknown subcommand %q: use add, list, password, disable or enable", sub)
	}
	if sub != "list" && *email == "" {
		return Usagef("-email is required")
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	readPassword := func() (string, bool, error) {
		if !*pwStdin {
			tok, _ := auth.NewToken()
			return tok[:20], true, nil
		}
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, fmt.Errorf("read the password from standard input: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		return pw, false, auth.ValidatePassword(pw)
	}
	switch sub {
	case "add":
		pw, generated, err := readPassword()
		if err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw, auth.DefaultParams)
		if err != nil {
			return err
		}
		u := &domain.User{Email: *email, Name: *name, Admin: *admin, Locale: *loc}
		if err := db.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "created account %s (%s)%s\n", u.Email, u.ID, map[bool]string{true: " as instance administrator"}[u.Admin])
		if generated {
			fmt.Fprintf(env.Stdout, "password: %s\n(shown once; change it under Account after logging in)\n", pw)
		}
	case "list":
		us, total, err := db.Users(ctx, store.UserFilter{Query: *q, Limit: 500})
		if err != nil {
			return err
		}
		for _, u := range us {
			flags := ""
			if u.Admin {
				flags += " admin"
			}
			if u.Disabled {
				flags += " disabled"
			}
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s%s\n", u.ID, u.Email, u.Name, flags)
		}
		if total > len(us) {
			fmt.Fprintf(env.Stdout, "… %d more; narrow with -q\n", total-len(us))
		}
	case "password":
		u, _, err := db.UserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		pw, generated, err := readPassword()
		if err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw, auth.DefaultParams)
		if err != nil {
			return err
		}
		if err := db.SetPasswordHash(ctx, u.ID, hash, ""); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "password of %s changed; their sessions were ended and their API tokens revoked\n", u.Email)
		if generated {
			fmt.Fprintf(env.Stdout, "password: %s\n", pw)
		}
	case "disable", "enable":
		u, _, err := db.UserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		u.Disabled = sub == "disable"
		if err := db.UpdateUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is %sd\n", u.Email, sub)
	}
	return nil
}
