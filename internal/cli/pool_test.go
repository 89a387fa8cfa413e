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
