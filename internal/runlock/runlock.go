// Package runlock makes sure only one dsmigrate run writes to a database at a
// time: a session lock on a dedicated connection, which the server releases
// by itself if the process dies (DESIGN §6). The lock itself is the
// dialect's: GET_LOCK('dsmigrate:<database>', 0) on MySQL/MariaDB (names
// over 64 characters hashed), pg_try_advisory_lock(<key of the database>)
// on PostgreSQL.
package runlock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dsmigrate/dsmigrate/dialect"
	"github.com/dsmigrate/dsmigrate/dialect/mysql"
	_ "github.com/dsmigrate/dsmigrate/dialect/postgres" // so dialect.Of knows pgx pools
)

// Lock is a held run lock.
type Lock struct {
	conn     *sql.Conn
	locker   dialect.Locker
	database string
	name     string
}

// HeldError says who holds the lock.
type HeldError struct {
	Name   string
	Holder string // "connection 42 of user@host, running for 12s"
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("another dsmigrate run holds the lock %q (%s); wait for it or stop it", e.Name, e.Holder)
}

// Name returns the MySQL/MariaDB lock name for a database (at most 64
// characters: long database names are hashed).
func Name(database string) string { return mysql.LockName(database) }

// Acquire takes the lock without waiting. When it is held elsewhere it returns
// a *HeldError naming the holder.
func Acquire(ctx context.Context, db *sql.DB, database string) (*Lock, error) {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("run lock: %w", err)
	}
	locker := d.Locker()
	name := locker.Key(database)
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("run lock: connection: %w", err)
	}
	got, err := locker.TryLock(ctx, conn, database)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("run lock %q: %w", name, err)
	}
	if got {
		return &Lock{conn: conn, locker: locker, database: database, name: name}, nil
	}
	holder := locker.Holder(ctx, conn, database)
	if holder == "" {
		holder = "holder unknown"
	}
	conn.Close()
	return nil, &HeldError{Name: name, Holder: holder}
}

// Free reports whether nobody holds the lock of database (for status).
func Free(ctx context.Context, db *sql.DB, database string) (bool, error) {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return false, fmt.Errorf("run lock: %w", err)
	}
	return d.Locker().Free(ctx, db, database)
}

// Release frees the lock and its connection.
func (l *Lock) Release() error {
	if l == nil || l.conn == nil {
		return nil
	}
	err := l.locker.Unlock(context.Background(), l.conn, l.database)
	cerr := l.conn.Close()
	l.conn = nil
	return errors.Join(err, cerr)
}

// Alive checks that the lock's connection still answers (the lock dies with it).
func (l *Lock) Alive(ctx context.Context) error {
	if l == nil || l.conn == nil {
		return errors.New("run lock released")
	}
	mine, err := l.locker.Mine(ctx, l.conn, l.database)
	if err != nil {
		return fmt.Errorf("run lock %q lost: %w", l.name, err)
	}
	if !mine {
		return fmt.Errorf("run lock %q lost", l.name)
	}
	return nil
}
