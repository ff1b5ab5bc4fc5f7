// Package migrations holds dsmigrate's own versioned SQL migrations, embedded
// in the binary and applied with golang-migrate (source iofs, version table
// dsmigrate_schema_migrations). Today they create the ledger: dsmigrate_run,
// dsmigrate_checkpoint, dsmigrate_backup, dsmigrate_refused (DESIGN §6).
//
// MySQL DDL commits implicitly, so every file holds exactly one statement and
// is safe to run twice (IF NOT EXISTS): a crash between the DDL and
// golang-migrate's version bump leaves dirty=1, and Up repairs that by
// re-running the file.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

//go:embed mysql/ledger/*.sql
var mysqlFiles embed.FS

// Table is golang-migrate's version table.
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

func newMigrate(ctx context.Context, db *sql.DB) (*migrate.Migrate, func(), error) {
	src, err := iofs.New(mysqlFiles, "mysql/ledger")
	if err != nil {
		return nil, nil, fmt.Errorf("migrations: embedded files: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("migrations: connection: %w", err)
	}
	driver, err := mysql.WithConnection(ctx, conn, &mysql.Config{MigrationsTable: Table})
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("migrations: driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "mysql", driver)
	if err != nil {
		driver.Close()
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return m, func() { m.Close() }, nil
}

// Latest returns the highest embedded migration version.
func Latest() (uint, error) {
	src, err := iofs.New(mysqlFiles, "mysql/ledger")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	v, err := src.First()
	if err != nil {
		return 0, err
	}
	for {
		next, err := src.Next(v)
		if err != nil {
			return v, nil
		}
		v = next
	}
}

// Status reads the version table without changing anything.
func Status(ctx context.Context, db *sql.DB) (State, error) {
	latest, err := Latest()
	if err != nil {
		return State{}, err
	}
	st := State{Latest: latest}
	var exists int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, Table).Scan(&exists)
	if err != nil {
		return st, fmt.Errorf("migrations: status: %w", err)
	}
	if exists == 0 {
		return st, nil
	}
	var version int64
	var dirty bool
	err = db.QueryRowContext(ctx, "SELECT version, dirty FROM "+Table+" LIMIT 1").Scan(&version, &dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("migrations: status: %w", err)
	}
	st.Version, st.Dirty = uint(version), dirty
	return st, nil
}

// Up applies every pending migration. A dirty state left by a crash is
// repaired by forcing the previous version and re-running the failed file,
// which every file here allows.
func Up(ctx context.Context, db *sql.DB) error {
	st, err := Status(ctx, db)
	if err != nil {
		return err
	}
	if !st.Dirty && !st.Pending() {
		return nil
	}
	m, done, err := newMigrate(ctx, db)
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
			return fmt.Errorf("migrations: leave dirty version %d: %w", st.Version, err)
		}
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrations: up: %w", err)
	}
	return nil
}
