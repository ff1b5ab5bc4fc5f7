// Package dbconn opens the operator's database from a DSN of either engine
// and checks that it answers, with errors that name the server but never the
// password. Opening through it registers both dialects (package dialect).
package dbconn

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"

	_ "github.com/dsmigrate/dsmigrate/dialect/mysql"  // register the MySQL/MariaDB dialect
	"github.com/dsmigrate/dsmigrate/dialect/postgres" // the PostgreSQL dialect and its pools
	"github.com/dsmigrate/dsmigrate/internal/dsn"
)

// Open parses raw (any DSN form, see package dsn), opens a pool and pings it.
func Open(ctx context.Context, raw string) (*sql.DB, *dsn.Target, error) {
	t, err := dsn.ParseTarget(raw)
	if err != nil {
		return nil, nil, err
	}
	db, timeout, err := openPool(t)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s: %w", t.Display(), t.Scrub(err))
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxLifetime(30 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, timeout+5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connect to %s: %w", t.Display(), t.Scrub(err))
	}
	return db, t, nil
}

func openPool(t *dsn.Target) (*sql.DB, time.Duration, error) {
	if t.Postgres != nil {
		return postgres.OpenDB(*t.Postgres), t.Postgres.ConnectTimeout, nil
	}
	connector, err := mysql.NewConnector(t.MySQL)
	if err != nil {
		return nil, 0, err
	}
	return sql.OpenDB(connector), t.MySQL.Timeout, nil
}
