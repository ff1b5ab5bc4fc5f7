// Package dialect is the seam between dsmigrate and a database engine, in the
// style of golang-migrate's database drivers: one small interface, one package
// per engine (dialect/mysql for MariaDB ≥ 10.3 and MySQL 5.7/8.0,
// dialect/postgres for PostgreSQL ≥ 12) that registers itself. Everything an
// engine does differently — identifier quoting, placeholders, the run lock,
// information_schema queries, id sequences, parameter limits — lives in the
// engine's package, never in conditionals spread over other packages.
//
// Statements are written once with `?` placeholders; Rebind turns them into
// the engine's form ($1, $2, … on PostgreSQL).
package dialect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Querier is what a dialect needs to read: *sql.DB, *sql.Conn and *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Column is one column of the current database, as shape detection needs it.
type Column struct {
	Table, Name string
	OnUpdate    bool   // the server changes it by itself on UPDATE (MySQL ON UPDATE CURRENT_TIMESTAMP)
	MaxBytes    int64  // capacity in bytes of a text column; 0 when not a text column
	Charset     string // character set of a text column ("utf8" holds no character outside the BMP); "" when any fits
	IntMax      int64  // largest value of an integer column; 0 when not an integer column
}

// Dialect is one engine's behaviour.
type Dialect interface {
	// Name is "mysql" or "postgres".
	Name() string
	// Quote returns ident as a quoted identifier.
	Quote(ident string) string
	// Rebind turns the `?` placeholders of query (outside string literals
	// and quoted identifiers) into the engine's placeholders.
	Rebind(query string) string
	// MaxParams is the most bind parameters one statement may carry.
	MaxParams() int
	// CurrentDatabase names the connection's database ("" when none).
	CurrentDatabase(ctx context.Context, q Querier) (string, error)
	// Columns lists the columns of the current database's tables (the
	// current schema's on PostgreSQL).
	Columns(ctx context.Context, q Querier) ([]Column, error)
	// FirstIDs is an aggregate expression giving, per group, the first n
	// values of the integer column id in ascending order, comma-separated.
	FirstIDs(id string, n int) string
	// SyncSequence makes the id sequence of table.column (the one named in
	// the column's default) hand out values above the largest id present,
	// after rows were inserted with explicit ids. A no-op on MySQL, whose
	// AUTO_INCREMENT follows explicit ids by itself.
	SyncSequence(ctx context.Context, q Querier, table, column string) error
	// Locker returns the engine's run lock.
	Locker() Locker
	// SupportsSchemaPath reports whether `upgrade --to` (DS's schema steps
	// run by dsmigrate) works on the server: true only on MariaDB.
	SupportsSchemaPath(ctx context.Context, q Querier) (bool, string)
	// SupportsWrites reports whether upgrade, rollback and repair may run.
	SupportsWrites() bool
	// Owns reports whether drv is this engine's database/sql driver.
	Owns(drv driver.Driver) bool
	Writer
}

// Writer is what the write path (ledger, backfill, repair) needs beyond
// quoting and placeholders: the statement forms the engines spell
// differently. Expressions and identifiers passed in come from the detected
// schema or the ledger's own names, never from row data.
type Writer interface {
	// InsertIgnore turns "INSERT INTO …" into an insert that skips rows whose
	// key exists (INSERT IGNORE; ON CONFLICT DO NOTHING).
	InsertIgnore(insert string) string
	// Upsert appends to insert the clause updating a row whose key (the
	// comma-separated columns keys) exists, with assignments "col = expr";
	// expr may use Excluded(col) for the value the insert proposed.
	Upsert(insert, keys string, assignments ...string) string
	// Excluded is the proposed value of col inside Upsert's assignments.
	Excluded(col string) string
	// NullSafeEqual is a comparison true when both sides are NULL.
	NullSafeEqual(a, b string) string
	// Checksum is the hex digest, as the ledger stores it, of a column
	// value's bytes (SHA1 on MySQL; sha256 of the UTF-8 text on PostgreSQL,
	// whose core has no sha1). Each engine compares only digests it wrote.
	Checksum(expr string) string
	// ChecksumOriginal is Checksum of a stored original (the ledger's
	// original column), equal to Checksum of the value it was taken from.
	ChecksumOriginal(expr string) string
	// Original is a column value as the bytes the ledger stores.
	Original(expr string) string
	// FromOriginal turns stored original bytes back into a value of the SQL
	// type sqlType (from ColumnType).
	FromOriginal(expr, sqlType string) string
	// ColumnType names the SQL type of table.column for FromOriginal ("" on
	// MySQL, where bytes go back into any column as they are).
	ColumnType(ctx context.Context, q Querier, table, column string) (string, error)
	// Param is a placeholder typed as sqlType ("bigint" or "text") where the
	// engine cannot infer it (PostgreSQL, inside UNION ALL).
	Param(sqlType string) string
	// UpdateFrom is an UPDATE of table (aliased) with sets [column, expr],
	// joined to from (a table with its alias) on on, for the rows matching
	// where (the end of the statement: callers may append to it).
	UpdateFrom(table, alias string, sets [][2]string, from, on, where string) string
	// DeleteUsing deletes the rows of table (aliased) joined to from on on
	// and matching where (the end of the statement).
	DeleteUsing(table, alias, from, on, where string) string
	// InsertID runs insert (into a table with an id column generated by the
	// server) and returns the new row's id.
	InsertID(ctx context.Context, q Querier, insert string, args ...any) (int64, error)
	// TableExists reports whether the current database has table.
	TableExists(ctx context.Context, q Querier, table string) (bool, error)
	// NextID is the id the server would give the next row of table without
	// an explicit id (AUTO_INCREMENT; the column default's sequence).
	NextID(ctx context.Context, q Querier, table string) (int64, error)
	// IsDataError reports whether err is the server refusing a value (bad
	// data in one row), not a connection, lock or schema failure.
	IsDataError(err error) bool
}

// Locker is an engine's named, session-scoped lock, taken without waiting on
// a dedicated connection and released by the server when that connection
// dies.
type Locker interface {
	// Key names the lock of a database (what status shows and logs).
	Key(database string) string
	// TryLock takes the lock on conn; false when another session holds it.
	TryLock(ctx context.Context, conn *sql.Conn, database string) (bool, error)
	// Holder describes the session holding the lock ("" when unknown).
	Holder(ctx context.Context, conn *sql.Conn, database string) string
	// Mine reports whether conn still holds the lock.
	Mine(ctx context.Context, conn *sql.Conn, database string) (bool, error)
	// Free reports whether nobody holds the lock.
	Free(ctx context.Context, q Querier, database string) (bool, error)
	// Unlock releases it.
	Unlock(ctx context.Context, conn *sql.Conn, database string) error
}

// Named is implemented by database/sql drivers that wrap an engine's driver
// (a statement recorder in tests, a tracing wrapper): the name of the
// dialect to use for them.
type Named interface{ DialectName() string }

var (
	mu       sync.RWMutex
	dialects = map[string]Dialect{}
)

// Register makes a dialect available under its name; engine packages call it
// from init.
func Register(d Dialect) {
	mu.Lock()
	defer mu.Unlock()
	dialects[d.Name()] = d
}

// Get returns the registered dialect called name.
func Get(name string) (Dialect, error) {
	mu.RLock()
	defer mu.RUnlock()
	if d, ok := dialects[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("dialect %q not registered (import github.com/dsmigrate/dsmigrate/dialect/%s)", name, name)
}

// Names lists the registered dialects.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	var out []string
	for n := range dialects {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Of returns the dialect of an open pool, from its driver; for a driver no
// registered dialect owns, from the server's version() string.
func Of(ctx context.Context, db *sql.DB) (Dialect, error) {
	drv := db.Driver()
	if n, ok := drv.(Named); ok {
		return Get(n.DialectName())
	}
	mu.RLock()
	for _, d := range dialects {
		if d.Owns(drv) {
			mu.RUnlock()
			return d, nil
		}
	}
	mu.RUnlock()
	var version string
	if err := db.QueryRowContext(ctx, "SELECT version()").Scan(&version); err != nil {
		return nil, fmt.Errorf("dialect: unknown driver %T and version() failed: %w", drv, err)
	}
	if strings.HasPrefix(version, "PostgreSQL") {
		return Get("postgres")
	}
	return Get("mysql")
}

// Placeholders is "?, ?, …" for n arguments ("NULL" for none, so that
// `IN (…)` stays valid).
func Placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// RebindNumbered turns `?` into prefix+n outside '…' literals, "…" and `…`
// identifiers and -- comments. Engine packages build Rebind on it.
func RebindNumbered(query, prefix string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		case c == '?':
			n++
			fmt.Fprintf(&b, "%s%d", prefix, n)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

type ctxKey struct{}

// NewContext returns ctx carrying d, for code that holds only a transaction
// (*sql.Tx does not tell its driver): the write path's entry points put the
// dialect of their pool there once.
func NewContext(ctx context.Context, d Dialect) context.Context {
	return context.WithValue(ctx, ctxKey{}, d)
}

// FromContext returns the dialect NewContext put in ctx, or nil.
func FromContext(ctx context.Context) Dialect {
	d, _ := ctx.Value(ctxKey{}).(Dialect)
	return d
}

// Bind returns ctx carrying db's dialect (see NewContext), and the dialect.
func Bind(ctx context.Context, db *sql.DB) (context.Context, Dialect, error) {
	if d := FromContext(ctx); d != nil {
		return ctx, d, nil
	}
	d, err := Of(ctx, db)
	if err != nil {
		return ctx, nil, err
	}
	return NewContext(ctx, d), d, nil
}

// IsDataError reports whether any registered dialect takes err for the
// server refusing a row's values (the errors' types are engine-specific).
func IsDataError(err error) bool {
	mu.RLock()
	defer mu.RUnlock()
	for _, d := range dialects {
		if d.IsDataError(err) {
			return true
		}
	}
	return false
}
