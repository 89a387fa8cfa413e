package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressLine shows how far a long read has gone on one line of a
// terminal, rewritten in place, once the read has taken a second: short
// reads, and output to a file or a pipe, show nothing.
type progressLine struct {
	w     io.Writer
	what  string
	start time.Time
	after time.Duration
	mu    sync.Mutex
	last  time.Time
	shown bool
}

// newProgressLine returns nil unless w is a terminal.
func newProgressLine(w io.Writer, what string) *progressLine {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progressLine{w: w, what: what, start: time.Now(), after: time.Second}
}

// update is a ReadOptions.Progress: done of total bytes.
func (p *progressLine) update(done, total int64) {
	if p == nil {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.start) < p.after || now.Sub(p.last) < 200*time.Millisecond && done < total {
		return
	}
	p.last, p.shown = now, true
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	fmt.Fprintf(p.w, "\r%s: %3.0f%% (%.0f of %.0f MB, %.1f s)\x1b[K", p.what, pct, float64(done)/1e6, float64(total)/1e6, now.Sub(p.start).Seconds())
}

// done clears the line, if one was shown.
func (p *progressLine) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
