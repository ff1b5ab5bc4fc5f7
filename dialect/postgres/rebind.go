package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// OpenDB opens a pgx pool for dsmigrate. Its statements go through Rebind on
// their way to the server, so the write path's statements, written once with
// `?` placeholders and backtick-quoted identifiers (the MySQL forms), run on
// PostgreSQL unchanged; statements already written for PostgreSQL ($n,
// "ident") pass as they are. What the engines spell differently beyond that
// (upserts, checksums, UPDATE … FROM) goes through the dialect's Writer
// methods.
func OpenDB(cfg pgx.ConnConfig) *sql.DB {
	c := connector{stdlib.GetConnector(cfg)}
	db := sql.OpenDB(c)
	pools.Store(db, c)
	return db
}

// pools remembers the connector of each pool OpenDB opened, for Sibling.
var pools sync.Map

// Sibling opens a second pool with the same settings as db (a pool from
// OpenDB), for a library that closes the pool it is given (golang-migrate's
// pgx driver closes its instance). The caller closes it.
func Sibling(db *sql.DB) (*sql.DB, error) {
	c, ok := pools.Load(db)
	if !ok {
		return nil, errors.New("postgres: pool not opened by postgres.OpenDB")
	}
	return sql.OpenDB(c.(connector)), nil
}

type connector struct{ driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{cn.(*stdlib.Conn)}, nil
}

func (c connector) Driver() driver.Driver { return rebindDriver{c.Connector.Driver()} }

// rebindDriver names the postgres dialect for dialect.Of.
type rebindDriver struct{ driver.Driver }

func (rebindDriver) DialectName() string { return "postgres" }

// conn is pgx's connection with Rebind on every statement.
type conn struct{ *stdlib.Conn }

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(Dialect{}.Rebind(query))
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, Dialect{}.Rebind(query))
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, Dialect{}.Rebind(query), args)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, Dialect{}.Rebind(query), args)
}

// backticks turns `ident` into "ident" outside string literals and
// double-quoted identifiers.
func backticks(query string) string {
	if !strings.Contains(query, "`") {
		return query
	}
	var b strings.Builder
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote == '`':
			if c == '`' {
				if i+1 < len(query) && query[i+1] == '`' {
					b.WriteByte('`')
					i++
					continue
				}
				quote = 0
				b.WriteByte('"')
				continue
			}
			if c == '"' {
				b.WriteString(`""`)
				continue
			}
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '`':
			quote = c
			b.WriteByte('"')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
