package cli

import (
	"testing"
	"time"
)

// TestReminderInterval: the server's reminder timer is off, or runs at
// most once a minute; anything else is refused at start.
func TestReminderInterval(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"24h", 24 * time.Hour, true},
		{"1m", time.Minute, true},
		{"off", 0, true},
		{"0", 0, true},
		{"30s", 0, false},
		{"-1h", 0, false},
		{"daily", 0, false},
		{"", 0, false},
	} {
		got, err := reminderInterval(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("reminderInterval(%q) = %v, %v", tt.in, got, err)
		}
	}
}
