// Package migrations holds dsmigrate's own versioned SQL migrations, embedded
// in the binary and applied with golang-migrate (source iofs). There are two
// independent sets, each with its own version table:
//
//   - Ledger (mysql/ledger, table dsmigrate_schema_migrations) creates the
//     ledger: dsmigrate_run, dsmigrate_checkpoint, dsmigrate_backup,
//     dsmigrate_refused (DESIGN §6). Up and Status work on this set.
//   - SchemaPath (mysql/schema, table dsmigrate_schema_path_migrations) takes
//     a DolphinScheduler 2.0.6–2.0.9 schema to 3.3.0; package schemapath runs
//     it, with its Go data steps in between.
//
// MySQL DDL commits implicitly, so every file holds exactly one statement and
// is safe to run twice (IF [NOT] EXISTS guards): a crash between the DDL and
// golang-migrate's version bump leaves dirty=1, and Up repairs that by
// re-running the file. The guards are MariaDB syntax (≥ 10.5: ADD/DROP COLUMN
// IF [NOT] EXISTS, CHANGE/MODIFY COLUMN IF EXISTS, RENAME INDEX IF EXISTS,
// RENAME TABLE IF EXISTS, FOREIGN KEY IF NOT EXISTS); MySQL 8 lacks several.
//
// The sha256 of every applied file is recorded in dsmigrate_migration_checksum
// (checksum.go); Up and Status refuse when an applied file's content differs
// from the embedded one.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/mysql"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/dsmigrate/dsmigrate/dialect"
	_ "github.com/dsmigrate/dsmigrate/dialect/mysql" // the MySQL/MariaDB dialect
	"github.com/dsmigrate/dsmigrate/dialect/postgres"
)

//go:embed mysql/ledger/*.sql mysql/schema/*.sql postgres/ledger/*.sql
var mysqlFiles embed.FS

// Set is one directory of migrations with its own version table.
type Set struct {
	Name  string // recorded in dsmigrate_migration_checksum.set_name
	Dir   string // directory inside the embedded file system
	Table string // golang-migrate version table
}

// The embedded sets.
var (
	Ledger     = Set{Name: "ledger", Dir: "mysql/ledger", Table: "dsmigrate_schema_migrations"}
	SchemaPath = Set{Name: "schema", Dir: "mysql/schema", Table: "dsmigrate_schema_path_migrations"}
)

// Table is the ledger's golang-migrate version table.
const Table = "dsmigrate_schema_migrations"

// State is what the version table says.
type State struct {
	Version uint `json:"version"` // 0 when nothing is applied
	Latest  uint `json:"latest"`  // highest embedded version
	Dirty   bool `json:"dirty"`   // a migration failed half way
}

// Pending reports whether embedded migrations are not applied yet.
func (s State) Pending() bool { return s.Version < s.Latest }

// WayOut explains how to leave a dirty state.
func (s State) WayOut() string {
	if !s.Dirty {
		return ""
	}
	return fmt.Sprintf("migration %d failed half way (dirty). Its file is safe to run twice: "+
		"run `dsmigrate upgrade` again to re-apply it, or inspect %s if it keeps failing", s.Version, Table)
}

// On returns the set as it applies to db's engine: the same versions and
// version table, from the engine's directory (postgres/ledger on
// PostgreSQL). The schema path has no PostgreSQL files: Files is empty there.
func (set Set) On(ctx context.Context, db *sql.DB) (Set, dialect.Dialect, error) {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return set, nil, fmt.Errorf("migrations %s: %w", set.Name, err)
	}
	if rest, ok := strings.CutPrefix(set.Dir, "mysql/"); ok && d.Name() != "mysql" {
		set.Dir = d.Name() + "/" + rest
	}
	return set, d, nil
}

// Source opens the set's embedded files as a golang-migrate source.
func (set Set) Source() (source.Driver, error) {
	src, err := iofs.New(mysqlFiles, set.Dir)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: embedded files: %w", set.Name, err)
	}
	return src, nil
}

// Migrate opens golang-migrate on one dedicated connection of db. Call the
// returned func to close it.
func (set Set) Migrate(ctx context.Context, db *sql.DB) (*migrate.Migrate, func(), error) {
	set, d, err := set.On(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	src, err := set.Source()
	if err != nil {
		return nil, nil, err
	}
	if d.Name() == "postgres" {
		return set.migratePG(db, src)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("migrations %s: connection: %w", set.Name, err)
	}
	restore, err := defaultQuoting(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("migrations %s: %w", set.Name, err)
	}
	driver, err := mysql.WithConnection(ctx, conn, &mysql.Config{MigrationsTable: set.Table})
	if err != nil {
		restore()
		conn.Close()
		return nil, nil, fmt.Errorf("migrations %s: driver: %w", set.Name, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "mysql", driver)
	if err != nil {
		restore()
		driver.Close()
		return nil, nil, fmt.Errorf("migrations %s: %w", set.Name, err)
	}
	return m, func() { restore(); m.Close() }, nil
}

// migratePG opens golang-migrate's pgx/v5 driver on a one-connection sibling
// of db (the driver closes the pool it is given). PostgreSQL DDL is
// transactional: a file either applies whole or not at all.
func (set Set) migratePG(db *sql.DB, src source.Driver) (*migrate.Migrate, func(), error) {
	own, err := postgres.Sibling(db)
	if err != nil {
		return nil, nil, fmt.Errorf("migrations %s: %w", set.Name, err)
	}
	own.SetMaxOpenConns(1)
	driver, err := migratepgx.WithInstance(own, &migratepgx.Config{MigrationsTable: set.Table})
	if err != nil {
		own.Close()
		return nil, nil, fmt.Errorf("migrations %s: driver: %w", set.Name, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx", driver)
	if err != nil {
		driver.Close()
		return nil, nil, fmt.Errorf("migrations %s: %w", set.Name, err)
	}
	return m, func() { m.Close() }, nil
}

// defaultQuoting takes ANSI_QUOTES and NO_BACKSLASH_ESCAPES out of the
// migration connection's sql_mode: the files are written, like DS's own
// scripts (COMMENT "…"), for the default quoting. The returned func puts the
// session's mode back before the connection returns to the pool.
func defaultQuoting(ctx context.Context, conn *sql.Conn) (func(), error) {
	var mode string
	if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.sql_mode").Scan(&mode); err != nil {
		return nil, fmt.Errorf("read sql_mode: %w", err)
	}
	var keep []string
	for _, m := range strings.Split(mode, ",") {
		if m != "ANSI_QUOTES" && m != "NO_BACKSLASH_ESCAPES" && m != "ANSI" {
			keep = append(keep, m)
		}
	}
	if len(keep) == len(strings.Split(mode, ",")) {
		return func() {}, nil
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION sql_mode = ?", strings.Join(keep, ",")); err != nil {
		return nil, fmt.Errorf("set sql_mode: %w", err)
	}
	return func() { _, _ = conn.ExecContext(context.Background(), "SET SESSION sql_mode = ?", mode) }, nil
}

// File is one embedded up migration.
type File struct {
	Version uint   `json:"version"`
	Name    string `json:"name"` // file name
	SHA256  string `json:"sha256"`
	Body    string `json:"-"`
}

// Files lists the set's up migrations in version order.
func (set Set) Files() ([]File, error) {
	entries, err := fs.ReadDir(mysqlFiles, set.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no files for this engine
	}
	if err != nil {
		return nil, fmt.Errorf("migrations %s: list: %w", set.Name, err)
	}
	var out []File
	for _, e := range entries {
		var v uint
		var rest string
		if _, err := fmt.Sscanf(e.Name(), "%d_%s", &v, &rest); err != nil || !isUp(e.Name()) {
			continue
		}
		body, err := fs.ReadFile(mysqlFiles, set.Dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("migrations %s: read %s: %w", set.Name, e.Name(), err)
		}
		out = append(out, File{Version: v, Name: e.Name(), SHA256: sha(body), Body: string(body)})
	}
	return out, nil
}

func isUp(name string) bool { return len(name) > 7 && name[len(name)-7:] == ".up.sql" }

// Latest returns the highest embedded version of the set.
func (set Set) Latest() (uint, error) {
	files, err := set.Files()
	if err != nil || len(files) == 0 {
		return 0, err
	}
	return files[len(files)-1].Version, nil
}

// State reads the set's version table without changing anything (no
// checksum verification; see Status).
func (set Set) State(ctx context.Context, db *sql.DB) (State, error) {
	set, d, err := set.On(ctx, db)
	if err != nil {
		return State{}, err
	}
	latest, err := set.Latest()
	if err != nil {
		return State{}, err
	}
	st := State{Latest: latest}
	exists, err := d.TableExists(ctx, db, set.Table)
	if err != nil {
		return st, fmt.Errorf("migrations %s: status: %w", set.Name, err)
	}
	if !exists {
		return st, nil
	}
	var version int64
	var dirty bool
	err = db.QueryRowContext(ctx, "SELECT version, dirty FROM "+set.Table+" LIMIT 1").Scan(&version, &dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("migrations %s: status: %w", set.Name, err)
	}
	if version > 0 {
		st.Version = uint(version)
	}
	st.Dirty = dirty
	return st, nil
}

// Latest returns the highest embedded ledger migration version.
func Latest() (uint, error) { return Ledger.Latest() }

// Status reads the ledger's version table without changing anything, and
// verifies the recorded checksums of both sets (ErrChecksum on a mismatch).
func Status(ctx context.Context, db *sql.DB) (State, error) {
	st, err := Ledger.State(ctx, db)
	if err != nil {
		return st, err
	}
	for _, set := range []Set{Ledger, SchemaPath} {
		if err := set.Verify(ctx, db); err != nil {
			return st, err
		}
	}
	return st, nil
}

// Up applies every pending ledger migration; callers hold the run lock
// (internal/runlock), so two first-ever runs never migrate at once. A dirty state left by a crash is
// repaired by forcing the previous version and re-running the failed file,
// which every file here allows.
func Up(ctx context.Context, db *sql.DB) error {
	return Ledger.Up(ctx, db, nil)
}

// ErrNewer is returned when the database's migrations are newer than the
// binary's: an older dsmigrate must not work on a ledger it does not know.
var ErrNewer = errors.New("ledger is newer than this dsmigrate")

// stepUp applies exactly file f, only ever upward: golang-migrate's
// Migrate(v) would migrate down from a version another process wrote since
// this one read the table, dropping ledger tables under a running upgrade.
// Steps(1) moves from the version golang-migrate reads right now; the version
// it lands on must be f's.
func stepUp(m *migrate.Migrate, f File) error {
	v, _, err := m.Version()
	if err != nil && !errors.Is(err, migrate.ErrNilVersion) {
		return err
	}
	if err == nil && v >= f.Version {
		return nil // applied meanwhile (callers hold the run lock; kept as a guard)
	}
	stepErr := m.Steps(1)
	// A process that lost the run lock may still be migrating beside the one
	// that took it: the files are safe to run twice, and any version at or
	// past f's means f is applied.
	if v, _, err = m.Version(); err != nil || v < f.Version {
		return fmt.Errorf("stopped at version %d before %d: %w", v, f.Version, errors.Join(stepErr, err))
	}
	return nil
}

// Up verifies the recorded checksums, then applies the set's pending files one
// at a time, recording each file's checksum. before, when not nil, runs
// before each file is applied (schemapath runs its Go data steps there); it
// must be safe to run twice.
func (set Set) Up(ctx context.Context, db *sql.DB, before func(File) error) error {
	set, _, err := set.On(ctx, db)
	if err != nil {
		return err
	}
	if err = set.Verify(ctx, db); err != nil {
		return err
	}
	st, err := set.State(ctx, db)
	if err != nil {
		return err
	}
	if st.Version > st.Latest {
		return fmt.Errorf("%w: the %s migrations of this database are at version %d, this dsmigrate binary knows only up to %d; "+
			"use the dsmigrate version that wrote them (or a newer one)", ErrNewer, set.Name, st.Version, st.Latest)
	}
	if !st.Dirty && !st.Pending() {
		return set.recordApplied(ctx, db, st.Version)
	}
	m, done, err := set.Migrate(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	if st.Dirty {
		prev := int(st.Version) - 1
		if prev < 1 {
			prev = database.NilVersion
		}
		if err := m.Force(prev); err != nil {
			return fmt.Errorf("migrations %s: leave dirty version %d: %w", set.Name, st.Version, err)
		}
		st.Version = uint(max(prev, 0))
	}
	// A crash between a file and its checksum row leaves the row missing.
	if err := set.recordApplied(ctx, db, st.Version); err != nil {
		return err
	}
	files, err := set.Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.Version <= st.Version {
			continue
		}
		if before != nil {
			if err := before(f); err != nil {
				return fmt.Errorf("migrations %s: before %s: %w", set.Name, f.Name, err)
			}
		}
		if err := stepUp(m, f); err != nil {
			return fmt.Errorf("migrations %s: apply %s: %w", set.Name, f.Name, err)
		}
		if err := set.record(ctx, db, f); err != nil {
			return err
		}
	}
	return nil
}
