package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/plenary-org/plenary/internal/domain"
)

// voteConns is how many connections the vote writers have on PostgreSQL,
// beside the pool: enough for the default two writers and two more.
const voteConns = 4

// openPostgres opens a pool of at most maxConns connections on a
// PostgreSQL server, which keeps at most idle of them open while unused,
// each for idleTime (0: for ever). PostgreSQL handles concurrent writers
// itself, so readers and writers share one pool.
func (db *DB) openPostgres(ctx context.Context, url string, maxConns, idle int, idleTime time.Duration, warmUp bool) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	// plenary's queries are short: compiling them (JIT) costs more than it
	// saves, about 20 ms on the largest searches. A URL that sets jit wins.
	if _, ok := cfg.RuntimeParams["jit"]; !ok {
		cfg.RuntimeParams["jit"] = "off"
	}
	p := sql.OpenDB(countingConnector{stdlib.GetConnector(*cfg), &db.opened})
	p.SetMaxOpenConns(maxConns)
	p.SetMaxIdleConns(idle)
	p.SetConnMaxIdleTime(idleTime)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	// The vote writers have connections of their own: in the shared pool
	// they would queue behind the requests that read (sessions, pages)
	// whenever those take every connection, and each vote waits for its
	// commit. With 1,000 voters on a busy machine, queries waited 200 ms
	// on average for a connection (docs/PERFORMANCE.md).
	v := sql.OpenDB(countingConnector{stdlib.GetConnector(*cfg), &db.opened})
	v.SetMaxOpenConns(voteConns)
	v.SetMaxIdleConns(voteConns)
	v.SetConnMaxIdleTime(idleTime)
	db.dialect = postgresDialect
	db.read, db.write, db.votes = p, p, v
	// Connections open now rather than on the first requests: a new
	// PostgreSQL connection costs a process on the server, and a crowd
	// arriving on a fresh server waited for dozens of them at once (the
	// first votes after a start were answered after 0.4-0.8 s).
	if warmUp {
		warm(ctx, p, min(idle, warmConns))
		warm(ctx, v, voteConns)
	}
	lctx, stop := context.WithCancel(context.Background())
	db.stop, db.done = stop, make(chan struct{})
	go db.listen(lctx, url)
	return nil
}

// warmConns is how many of the pool's idle connections open at start.
const warmConns = 16

// warm opens n connections of p at once and returns them to the pool,
// which keeps them as long as its idle settings allow. A failure is left
// to the first request that needs the connection.
func warm(ctx context.Context, p *sql.DB, n int) {
	conns := make([]*sql.Conn, n)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			c, err := p.Conn(ctx)
			if err != nil {
				return
			}
			if c.PingContext(ctx) != nil {
				c.Close()
				return
			}
			conns[i] = c
		})
	}
	wg.Wait()
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}

// mapPgErr maps PostgreSQL errors by their SQLSTATE code, and lost
// connections to EUNAVAILABLE. It returns nil for errors it does not know.
func (d dialect) mapPgErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.duplicate", Msg: "this value is already taken", Err: err}
		case pe.Code == "23503":
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.in_use", Msg: "this object is referred to by others, or refers to one that does not exist", Err: err}
		case pe.Code == "40001" || pe.Code == "40P01":
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.conflict", Msg: "a concurrent change got in the way; try again", Err: err}
		case pe.Code[:2] == "08" || pe.Code[:2] == "57" || pe.Code == "53300":
			return unavailable(err)
		}
		return nil
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.SafeToRetry(err), pgconn.Timeout(err),
		errors.Is(err, sql.ErrConnDone), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return unavailable(err)
	}
	return nil
}

func unavailable(err error) error {
	return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Msg: "the database is unavailable; try again shortly", Err: err}
}

// listen holds a connection of its own on LISTEN plenary_events and
// publishes what arrives to this instance's subscribers. It reconnects,
// with a growing pause, when the server goes away.
func (db *DB) listen(ctx context.Context, url string) {
	defer close(db.done)
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, url, func() { pause = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return
		}
		db.log.Warn("event listener lost its connection; retrying", "err", err, "pause", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context, url string, connected func()) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel); err != nil {
		return err
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
			db.log.Error("bad event notification", "err", err)
			continue
		}
		db.events.publish(e)
	}
}
