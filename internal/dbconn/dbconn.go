// Package dbconn opens the operator's database from a DSN and checks that it
// answers, with errors that name the server but never the password.
package dbconn

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/internal/dsn"
)

// Open parses raw (either DSN form, see package dsn), opens a pool and pings it.
func Open(ctx context.Context, raw string) (*sql.DB, *mysql.Config, error) {
	cfg, err := dsn.Parse(raw)
	if err != nil {
		return nil, nil, err
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s: %w", dsn.Display(cfg), dsn.Scrub(err, cfg))
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxLifetime(30 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, cfg.Timeout+5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connect to %s: %w", dsn.Display(cfg), dsn.Scrub(err, cfg))
	}
	return db, cfg, nil
}
