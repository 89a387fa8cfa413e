package cli

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// connWatch counts the database connections opened during a measured run:
// the server's own count, read from its metrics when their address is
// given, and on PostgreSQL the sessions the database server counts (from
// every client of the database: the server measured, and this command's
// few). A server whose pool closes connections under load and opens new
// ones shows it here.
type connWatch struct {
	db         *store.DB
	metricsURL string
	srv, pg    int64
	srvOK, pg0 bool
}

func watchConns(ctx context.Context, db *store.DB, metricsURL string) *connWatch {
	w := &connWatch{db: db, metricsURL: metricsURL}
	w.srv, w.srvOK = w.serverOpened(ctx)
	w.pg, w.pg0, _ = db.ServerSessions(ctx)
	return w
}

// serverOpened reads plenary_db_connections_opened_total from the
// server's metrics.
func (w *connWatch) serverOpened(ctx context.Context) (int64, bool) {
	if w.metricsURL == "" {
		return 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.metricsURL, nil)
	if err != nil {
		return 0, false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	return parseOpenedMetric(bufio.NewScanner(resp.Body))
}

func parseOpenedMetric(sc *bufio.Scanner) (int64, bool) {
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "plenary_db_connections_opened_total ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return int64(f), err == nil
	}
	return 0, false
}

// report says how many connections were opened since watchConns.
func (w *connWatch) report(ctx context.Context) string {
	var parts []string
	if n, ok := w.serverOpened(ctx); ok && w.srvOK {
		parts = append(parts, fmt.Sprintf("%d by the server (its metrics)", n-w.srv))
	}
	if w.pg0 {
		// PostgreSQL counts a session when the backend reports its
		// statistics, at most a second or so later.
		time.Sleep(1100 * time.Millisecond)
		if n, ok, err := w.db.ServerSessions(ctx); err == nil && ok {
			parts = append(parts, fmt.Sprintf("%d sessions on the PostgreSQL database (every client)", n-w.pg))
		}
	}
	if len(parts) == 0 {
		return "not known (give -metrics http://HOST:PORT/metrics, the server's PLENARY_METRICS_ADDR)"
	}
	return strings.Join(parts, ", ")
}
