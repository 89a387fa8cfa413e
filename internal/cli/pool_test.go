package cli

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// TestPoolSettings: the pool's flags and environment variables become the
// store's options, and a value that makes no sense is refused with the
// setting's name.
func TestPoolSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    store.Options
		wantErr string
	}{
		{"defaults", nil, nil, store.Options{}, ""},
		{"environment", map[string]string{"PLENARY_DB_MAX_CONNS": "64", "PLENARY_DB_IDLE_CONNS": "16", "PLENARY_DB_CONN_IDLE_TIME": "90s"}, nil,
			store.Options{MaxConns: 64, IdleConns: 16, ConnIdleTime: 90 * time.Second}, ""},
		{"flags win", map[string]string{"PLENARY_DB_MAX_CONNS": "64"}, []string{"-db-max-conns", "8"}, store.Options{MaxConns: 8}, ""},
		{"zero connections", nil, []string{"-db-max-conns", "0"}, store.Options{}, "PLENARY_DB_MAX_CONNS"},
		{"not a number", map[string]string{"PLENARY_DB_IDLE_CONNS": "many"}, nil, store.Options{}, "PLENARY_DB_IDLE_CONNS"},
		{"no unit", nil, []string{"-db-conn-idle-time", "300"}, store.Options{}, "PLENARY_DB_CONN_IDLE_TIME"},
		{"too short", nil, []string{"-db-conn-idle-time", "1ms"}, store.Options{}, "PLENARY_DB_CONN_IDLE_TIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &Env{Getenv: func(k string) string { return tt.env[k] }}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			opts := poolFlags(env, fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got, err := opts(nil)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case got.MaxConns != tt.want.MaxConns || got.IdleConns != tt.want.IdleConns || got.ConnIdleTime != tt.want.ConnIdleTime:
				t.Fatalf("options %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestVoteWriterSettings: the group commit's settings from the
// environment, and values refused with the setting's name.
func TestVoteWriterSettings(t *testing.T) {
	tests := []struct {
		env     map[string]string
		want    store.VoteWriterOptions
		wantErr string
	}{
		{nil, store.VoteWriterOptions{}, ""},
		{map[string]string{"PLENARY_VOTE_WRITERS": "4", "PLENARY_VOTE_INTERVAL": "10ms"}, store.VoteWriterOptions{Writers: 4, Interval: 10 * time.Millisecond}, ""},
		{map[string]string{"PLENARY_VOTE_INTERVAL": "0s"}, store.VoteWriterOptions{Interval: -1}, ""},
		{map[string]string{"PLENARY_VOTE_WRITERS": "0"}, store.VoteWriterOptions{}, "PLENARY_VOTE_WRITERS"},
		{map[string]string{"PLENARY_VOTE_WRITERS": "two"}, store.VoteWriterOptions{}, "PLENARY_VOTE_WRITERS"},
		{map[string]string{"PLENARY_VOTE_INTERVAL": "5"}, store.VoteWriterOptions{}, "PLENARY_VOTE_INTERVAL"},
		{map[string]string{"PLENARY_VOTE_INTERVAL": "2s"}, store.VoteWriterOptions{}, "PLENARY_VOTE_INTERVAL"},
	}
	for _, tt := range tests {
		got, err := voteWriterSettings(&Env{Getenv: func(k string) string { return tt.env[k] }})
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: error %v, want one naming %s", tt.env, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%v: %v", tt.env, err)
		case got.Writers != tt.want.Writers || got.Interval != tt.want.Interval:
			t.Errorf("%v: %+v, want %+v", tt.env, got, tt.want)
		}
	}
}
