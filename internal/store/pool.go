package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
	"time"
)

// Pool settings of a PostgreSQL server's connections, unless [Options]
// say otherwise. A connection costs PostgreSQL a process and the client a
// round trip or three to open (with TLS, more): under load a pool that
// closes the connections it has just used and opens new ones a moment
// later spends its time connecting. With 8 kept idle and 32 at most, 1,000
// voters made the server open 700 connections in 20 s and vote at a fifth
// of the rate it reached keeping all 32 (docs/PERFORMANCE.md).
const (
	// DefaultMaxConns is the most connections a pool opens to PostgreSQL.
	DefaultMaxConns = 32
	// DefaultConnIdleTime is how long a connection left unused stays
	// open: long enough to carry a meeting's bursts of votes and page
	// loads, short enough that a quiet server holds few.
	DefaultConnIdleTime = 5 * time.Minute
)

// countingConnector counts the connections a pool opens.
type countingConnector struct {
	driver.Connector
	opened *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err == nil {
		c.opened.Add(1)
	}
	return conn, err
}

// dsnConnector is the connector of a driver that has none of its own.
type dsnConnector struct {
	drv driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// openCounted is sql.Open whose connections opened are counted in n.
func openCounted(driverName, dsn string, n *atomic.Int64) (*sql.DB, error) {
	probe, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	var c driver.Connector = dsnConnector{drv, dsn}
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(countingConnector{c, n}), nil
}

// PoolStats say how a database's connections are used.
type PoolStats struct {
	// Opened counts the connections opened since [Open], by every pool
	// of the handle (on SQLite, its readers' and its writer's; on
	// PostgreSQL, the pool's and the vote writers').
	Opened int64
	// Open and InUse are the connections open now, and those of them
	// in use.
	Open, InUse int
	// MaxOpen is the most the pools may open.
	MaxOpen int
	// Waits counts the times a query waited for a connection because
	// all were in use, and WaitTime how long they waited in all.
	Waits    int64
	WaitTime time.Duration
	// Closed counts the connections closed because they were idle (too
	// many idle, or idle too long) or too old.
	Closed int64
}

// PoolStats returns the state of the database's connection pools.
func (db *DB) PoolStats() PoolStats {
	s := PoolStats{Opened: db.opened.Load()}
	add := func(p *sql.DB) {
		st := p.Stats()
		s.Open += st.OpenConnections
		s.InUse += st.InUse
		s.MaxOpen += st.MaxOpenConnections
		s.Waits += st.WaitCount
		s.WaitTime += st.WaitDuration
		s.Closed += st.MaxIdleClosed + st.MaxIdleTimeClosed + st.MaxLifetimeClosed
	}
	add(db.read)
	if db.write != db.read {
		add(db.write)
	}
	if db.votes != nil {
		add(db.votes)
	}
	return s
}

// ServerSessions returns how many sessions PostgreSQL has opened on this
// database since its statistics were reset, whoever opened them (every
// instance of plenary, and other clients), and false on SQLite, which has
// no server. PostgreSQL 14 or newer counts them.
func (db *DB) ServerSessions(ctx context.Context) (int64, bool, error) {
	if db.dialect.name != "postgres" {
		return 0, false, nil
	}
	var n int64
	if err := db.queryRow(ctx, `SELECT sessions FROM pg_stat_database WHERE datname = current_database()`).Scan(&n); err != nil {
		return 0, false, db.mapErr(err)
	}
	return n, true, nil
}
