// Package runlock makes sure only one dsmigrate run writes to a database at a
// time: GET_LOCK('dsmigrate:<database>', 0) on a dedicated connection, which
// the server releases by itself if the process dies (DESIGN §6).
package runlock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Lock is a held run lock.
type Lock struct {
	conn *sql.Conn
	name string
}

// HeldError says who holds the lock.
type HeldError struct {
	Name   string
	Holder string // "connection 42 of user@host, running for 12s"
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("another dsmigrate run holds the lock %q (%s); wait for it or stop it", e.Name, e.Holder)
}

// Name returns the lock name for a database.
func Name(database string) string { return "dsmigrate:" + database }

// Acquire takes the lock without waiting. When it is held elsewhere it returns
// a *HeldError naming the holder.
func Acquire(ctx context.Context, db *sql.DB, database string) (*Lock, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("run lock: connection: %w", err)
	}
	name := Name(database)
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil {
		conn.Close()
		return nil, fmt.Errorf("run lock %q: %w", name, err)
	}
	if got.Valid && got.Int64 == 1 {
		// The lock dies with its connection: keep the server from closing an
		// idle one during a long run (wait_timeout is often 600 s at DBAs').
		if _, err := conn.ExecContext(ctx, "SET SESSION wait_timeout = 31536000"); err != nil {
			conn.Close()
			return nil, fmt.Errorf("run lock %q: keep connection open: %w", name, err)
		}
		return &Lock{conn: conn, name: name}, nil
	}
	holder := describeHolder(ctx, conn, name)
	conn.Close()
	return nil, &HeldError{Name: name, Holder: holder}
}

func describeHolder(ctx context.Context, conn *sql.Conn, name string) string {
	var id sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&id); err != nil || !id.Valid {
		return "holder unknown"
	}
	var user, host sql.NullString
	var secs sql.NullInt64
	err := conn.QueryRowContext(ctx,
		"SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = ?", id.Int64).Scan(&user, &host, &secs)
	if err != nil {
		return fmt.Sprintf("connection %d", id.Int64)
	}
	return fmt.Sprintf("connection %d of %s@%s, connected for %ds", id.Int64, user.String, host.String, secs.Int64)
}

// Release frees the lock and its connection.
func (l *Lock) Release() error {
	if l == nil || l.conn == nil {
		return nil
	}
	_, err := l.conn.ExecContext(context.Background(), "DO RELEASE_LOCK(?)", l.name)
	cerr := l.conn.Close()
	l.conn = nil
	return errors.Join(err, cerr)
}

// Alive checks that the lock's connection still answers (the lock dies with it).
func (l *Lock) Alive(ctx context.Context) error {
	var mine sql.NullInt64
	if err := l.conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", l.name).Scan(&mine); err != nil {
		return fmt.Errorf("run lock %q lost: %w", l.name, err)
	}
	if !mine.Valid || mine.Int64 != 1 {
		return fmt.Errorf("run lock %q lost", l.name)
	}
	return nil
}
