// Package mysql is dsmigrate's dialect for MariaDB ≥ 10.3 and MySQL 5.7/8.0
// (go-sql-driver/mysql). Every statement it builds is valid on all three: no
// window functions, no WITH, no GROUP_CONCAT … LIMIT, no RETURNING.
package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// MaxLockName is MySQL's limit on GET_LOCK names (MariaDB allows more).
const MaxLockName = 64

// Dialect is the MySQL/MariaDB dialect.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

func (Dialect) Name() string { return "mysql" }

// Quote returns a backtick-quoted identifier (valid whatever sql_mode says).
func (Dialect) Quote(ident string) string { return "`" + strings.ReplaceAll(ident, "`", "``") + "`" }

// Rebind keeps `?`: go-sql-driver's own placeholder.
func (Dialect) Rebind(query string) string { return query }

// MaxParams is the server's prepared-statement limit (65 535); with
// interpolateParams the driver sends text, but batches stay below it anyway.
func (Dialect) MaxParams() int { return 65535 }

func (Dialect) CurrentDatabase(ctx context.Context, q dialect.Querier) (string, error) {
	var name sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name); err != nil {
		return "", err
	}
	return name.String, nil
}

func (Dialect) Columns(ctx context.Context, q dialect.Querier) ([]dialect.Column, error) {
	rows, err := q.QueryContext(ctx, `SELECT TABLE_NAME, COLUMN_NAME, EXTRA, CHARACTER_OCTET_LENGTH, CHARACTER_SET_NAME, COLUMN_TYPE
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dialect.Column
	for rows.Next() {
		var c dialect.Column
		var extra string
		var octets sql.NullInt64
		var charset sql.NullString
		var columnType string
		if err := rows.Scan(&c.Table, &c.Name, &extra, &octets, &charset, &columnType); err != nil {
			return nil, err
		}
		c.OnUpdate = strings.Contains(strings.ToLower(extra), "on update")
		c.MaxBytes = octets.Int64
		c.Charset = charset.String
		c.IntMax = intTypeMax(columnType)
		out = append(out, c)
	}
	return out, rows.Err()
}

// FirstIDs cuts GROUP_CONCAT down with SUBSTRING_INDEX: MySQL refuses
// GROUP_CONCAT … LIMIT (a MariaDB extension). The list is also capped by
// group_concat_max_len, so it stays small whatever the group's size.
func (d Dialect) FirstIDs(id string, n int) string {
	return fmt.Sprintf("SUBSTRING_INDEX(GROUP_CONCAT(%s ORDER BY %s SEPARATOR ','), ',', %d)", id, id, n)
}

// SyncSequence does nothing: AUTO_INCREMENT moves past explicit ids itself.
func (Dialect) SyncSequence(context.Context, dialect.Querier, string, string) error { return nil }

func (Dialect) Locker() dialect.Locker { return locker{} }

// SupportsSchemaPath: dsmigrate's DS schema steps are written and tested on
// MariaDB only.
func (Dialect) SupportsSchemaPath(ctx context.Context, q dialect.Querier) (bool, string) {
	var version string
	if err := q.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return false, "unknown server"
	}
	if IsMariaDB(version) {
		return true, "MariaDB " + version
	}
	return false, "MySQL " + version
}

// IsMariaDB reads a VERSION() string: MariaDB says so ("10.11.6-MariaDB-0+deb12u1",
// "5.5.5-10.6.16-MariaDB"); MySQL never does ("8.0.36", "5.7.44-log").
func IsMariaDB(version string) bool { return strings.Contains(strings.ToLower(version), "mariadb") }

func (Dialect) SupportsWrites() bool { return true }

func (Dialect) Owns(drv driver.Driver) bool {
	_, ok := drv.(*gomysql.MySQLDriver)
	if !ok {
		_, ok = drv.(gomysql.MySQLDriver)
	}
	return ok
}

// LockName is "dsmigrate:<database>", or, when that would pass MySQL's 64
// characters, "dsmigrate:<first 30 characters>:<sha256 prefix>" so that two
// long names never share a lock.
func LockName(database string) string {
	name := "dsmigrate:" + database
	if len(name) <= MaxLockName {
		return name
	}
	sum := sha256.Sum256([]byte(database))
	prefix := database
	for len(prefix) > 30 { // cut on a character boundary
		r := []rune(prefix)
		prefix = string(r[:len(r)-1])
	}
	return "dsmigrate:" + prefix + ":" + hex.EncodeToString(sum[:])[:20]
}

type locker struct{}

func (locker) Key(database string) string { return LockName(database) }

func (locker) TryLock(ctx context.Context, conn *sql.Conn, database string) (bool, error) {
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", LockName(database)).Scan(&got); err != nil {
		return false, err
	}
	if !got.Valid || got.Int64 != 1 {
		return false, nil
	}
	// The lock dies with its connection: keep the server from closing an
	// idle one during a long run (wait_timeout is often 600 s at DBAs').
	if _, err := conn.ExecContext(ctx, "SET SESSION wait_timeout = 31536000"); err != nil {
		return false, fmt.Errorf("keep lock connection open: %w", err)
	}
	return true, nil
}

func (locker) Holder(ctx context.Context, conn *sql.Conn, database string) string {
	var id sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", LockName(database)).Scan(&id); err != nil || !id.Valid {
		return ""
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

func (locker) Mine(ctx context.Context, conn *sql.Conn, database string) (bool, error) {
	var mine sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", LockName(database)).Scan(&mine); err != nil {
		return false, err
	}
	return mine.Valid && mine.Int64 == 1, nil
}

func (locker) Free(ctx context.Context, q dialect.Querier, database string) (bool, error) {
	var free sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT IS_FREE_LOCK(?)", LockName(database)).Scan(&free); err != nil {
		return false, err
	}
	return !free.Valid || free.Int64 == 1, nil
}

func (locker) Unlock(ctx context.Context, conn *sql.Conn, database string) error {
	_, err := conn.ExecContext(ctx, "DO RELEASE_LOCK(?)", LockName(database))
	return err
}

// intTypeMax is the largest value of an integer COLUMN_TYPE ("int(11)",
// "bigint unsigned"), 0 for other types.
func intTypeMax(columnType string) int64 {
	t := strings.ToLower(columnType)
	unsigned := strings.Contains(t, "unsigned")
	if i := strings.IndexAny(t, "( "); i >= 0 {
		t = t[:i]
	}
	bits := map[string]uint{"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64}[t]
	switch {
	case bits == 0:
		return 0
	case bits == 64:
		return math.MaxInt64 // unsigned bigint too: ids are int64 here
	case unsigned:
		return 1<<bits - 1
	}
	return 1<<(bits-1) - 1
}
