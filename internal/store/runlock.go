package store

import (
	"context"
	"hash/fnv"
	"sync"
	"time"
)

// RunExclusive runs fn unless the job called name is running already on
// this database, in this server or another one, and reports whether fn
// ran. On PostgreSQL, where several servers may share the database, the
// job holds a session advisory lock (pg_try_advisory_lock) on a
// connection of its own while fn runs; on SQLite, whose file one server
// serves, a lock of this process. A job that finds the lock taken does
// not wait: the one running does the work.
func (db *DB) RunExclusive(ctx context.Context, name string, fn func(context.Context) error) (bool, error) {
	if db.dialect.name != "postgres" {
		mu, _ := db.jobs.LoadOrStore(name, &sync.Mutex{})
		if !mu.(*sync.Mutex).TryLock() {
			return false, nil
		}
		defer mu.(*sync.Mutex).Unlock()
		return true, fn(ctx)
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return false, db.mapErr(err)
	}
	defer conn.Close()
	key := jobKey(name)
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
		return false, db.mapErr(err)
	}
	if !got {
		return false, nil
	}
	defer func() {
		// Unlocked even when ctx has ended; were the connection lost
		// instead, its lock would end with it.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		conn.ExecContext(uctx, `SELECT pg_advisory_unlock($1)`, key)
	}()
	return true, fn(ctx)
}

// jobKey is the advisory lock's key of a job: a hash of its name, in a
// space of its own ("plenary job ").
func jobKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("plenary job " + name))
	return int64(h.Sum64())
}
