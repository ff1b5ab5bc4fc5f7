// Package postgres is dsmigrate's dialect for PostgreSQL ≥ 12, through pgx/v5's
// database/sql driver. DS's PostgreSQL schema keeps its tables in the current
// schema (usually public), all names lower-case (qrtz_* too), id defaults on
// t_ds_*_id_sequence sequences and no ON UPDATE columns.
package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// Dialect is the PostgreSQL dialect.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

func (Dialect) Name() string { return "postgres" }

// Quote returns a double-quoted identifier.
func (Dialect) Quote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }

// Rebind numbers the placeholders (? → $1, $2, …) and turns backtick-quoted
// identifiers into double-quoted ones.
func (Dialect) Rebind(query string) string { return dialect.RebindNumbered(backticks(query), "$") }

// MaxParams: the protocol counts parameters in 16 bits.
func (Dialect) MaxParams() int { return 65535 }

func (Dialect) CurrentDatabase(ctx context.Context, q dialect.Querier) (string, error) {
	var name sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		return "", err
	}
	return name.String, nil
}

func (Dialect) Columns(ctx context.Context, q dialect.Querier) ([]dialect.Column, error) {
	rows, err := q.QueryContext(ctx, `SELECT table_name, column_name, character_octet_length, data_type
FROM information_schema.columns WHERE table_schema = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dialect.Column
	for rows.Next() {
		var c dialect.Column
		var octets sql.NullInt64
		var dataType string
		if err := rows.Scan(&c.Table, &c.Name, &octets, &dataType); err != nil {
			return nil, err
		}
		c.MaxBytes = octets.Int64 // no ON UPDATE columns on PostgreSQL
		// Charset stays "": DS's PostgreSQL databases are UTF8, which holds every character.
		c.IntMax = map[string]int64{"smallint": math.MaxInt16, "integer": math.MaxInt32, "bigint": math.MaxInt64}[dataType]
		out = append(out, c)
	}
	return out, rows.Err()
}

// FirstIDs slices the aggregated array, so a huge group stays n values.
func (Dialect) FirstIDs(id string, n int) string {
	return fmt.Sprintf("array_to_string((array_agg(%s ORDER BY %s))[1:%d], ',')", id, id, n)
}

var nextval = regexp.MustCompile(`^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$`)

// SequenceOf returns the sequence named in the default of table.column
// (DS: nextval('t_ds_command_id_sequence'::regclass)), "" when the default
// is not a nextval. pg_get_serial_sequence is no use: DS's 2.0.9 DDL leaves
// orphan *_id_seq sequences beside the ones its defaults use.
func SequenceOf(ctx context.Context, q dialect.Querier, table, column string) (string, error) {
	var def sql.NullString
	err := q.QueryRowContext(ctx, `SELECT column_default FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`, table, column).Scan(&def)
	if err == sql.ErrNoRows {
		return "", fmt.Errorf("column %s.%s not found", table, column)
	}
	if err != nil {
		return "", err
	}
	m := nextval.FindStringSubmatch(strings.TrimSpace(def.String))
	if m == nil {
		return "", nil
	}
	return strings.ReplaceAll(m[1], "''", "'"), nil
}

// SyncSequence moves the column default's sequence to the largest id
// present (never backwards), so DS's next insert does not collide with a
// row inserted with an explicit id.
func (d Dialect) SyncSequence(ctx context.Context, q dialect.Querier, table, column string) error {
	seq, err := SequenceOf(ctx, q, table, column)
	if err != nil {
		return fmt.Errorf("sequence of %s.%s: %w", table, column, err)
	}
	if seq == "" {
		return nil
	}
	// The table and column come from the detected schema; the sequence name
	// travels as a parameter (regclass), never spliced into the text.
	stmt := fmt.Sprintf(`SELECT setval($1::regclass, GREATEST(COALESCE((SELECT MAX(%s) FROM %s), 0),
 COALESCE(pg_sequence_last_value($1::regclass), 0), 1))`, d.Quote(column), d.Quote(table))
	if _, err := q.ExecContext(ctx, stmt, seq); err != nil {
		return fmt.Errorf("setval %s after explicit ids in %s: %w", seq, table, err)
	}
	return nil
}

func (Dialect) Locker() dialect.Locker { return locker{} }

// SupportsSchemaPath: DS's own upgrader runs its PostgreSQL scripts in
// transactions; dsmigrate's schema path is MariaDB-only.
func (Dialect) SupportsSchemaPath(ctx context.Context, q dialect.Querier) (bool, string) {
	var version string
	_ = q.QueryRowContext(ctx, "SHOW server_version").Scan(&version)
	return false, "PostgreSQL " + version
}

// SupportsWrites: upgrade (without --to), plan, rollback, repair, status and
// watch run on PostgreSQL.
func (Dialect) SupportsWrites() bool { return true }

func (Dialect) Owns(drv driver.Driver) bool {
	switch drv.(type) {
	case *stdlib.Driver, rebindDriver:
		return true
	}
	return false
}

// LockKey is the advisory lock key of a database: the first 8 bytes of
// sha256("dsmigrate:<database>").
func LockKey(database string) int64 {
	sum := sha256.Sum256([]byte("dsmigrate:" + database))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// lockParts is how pg_locks shows a bigint advisory key: classid holds the
// high 32 bits, objid the low ones, objsubid is 1.
func lockParts(database string) (int64, int64) {
	k := uint64(LockKey(database))
	return int64(k >> 32), int64(k & 0xffffffff)
}

const lockRows = `FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
 AND l.classid::bigint = $1 AND l.objid::bigint = $2`

type locker struct{}

func (locker) Key(database string) string {
	return fmt.Sprintf("pg_advisory_lock(%d) for dsmigrate:%s", LockKey(database), database)
}

func (locker) TryLock(ctx context.Context, conn *sql.Conn, database string) (bool, error) {
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", LockKey(database)).Scan(&got); err != nil {
		return false, err
	}
	if !got {
		return false, nil
	}
	// The lock dies with its session: keep the server from ending an idle
	// one during a long run (idle_session_timeout exists from PostgreSQL 14).
	_, err := conn.ExecContext(ctx, `SELECT set_config('idle_session_timeout', '0', false)
 WHERE current_setting('server_version_num')::int >= 140000`)
	if err != nil {
		return false, fmt.Errorf("keep lock session open: %w", err)
	}
	return true, nil
}

func (locker) Holder(ctx context.Context, conn *sql.Conn, database string) string {
	hi, lo := lockParts(database)
	var pid int64
	var user, addr, app sql.NullString
	var secs sql.NullFloat64
	err := conn.QueryRowContext(ctx, `SELECT a.pid, a.usename, host(a.client_addr), a.application_name,
 EXTRACT(EPOCH FROM now() - a.backend_start) FROM pg_stat_activity a WHERE a.pid = (SELECT l.pid `+lockRows+` LIMIT 1)`,
		hi, lo).Scan(&pid, &user, &addr, &app, &secs)
	if err != nil {
		return ""
	}
	host := addr.String
	if host == "" {
		host = "local socket"
	}
	return fmt.Sprintf("backend pid %d of %s@%s, connected for %.0fs", pid, user.String, host, secs.Float64)
}

func (locker) Mine(ctx context.Context, conn *sql.Conn, database string) (bool, error) {
	hi, lo := lockParts(database)
	var mine bool
	err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 `+lockRows+` AND l.pid = pg_backend_pid())`, hi, lo).Scan(&mine)
	return mine, err
}

func (locker) Free(ctx context.Context, q dialect.Querier, database string) (bool, error) {
	hi, lo := lockParts(database)
	var held bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 `+lockRows+`)`, hi, lo).Scan(&held)
	return !held, err
}

func (locker) Unlock(ctx context.Context, conn *sql.Conn, database string) error {
	_, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", LockKey(database))
	return err
}
