package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// ChecksumTable records the sha256 of every migration file dsmigrate applied.
const ChecksumTable = "dsmigrate_migration_checksum"

// ErrChecksum is returned when a recorded checksum differs from the embedded
// file's, or a recorded file is no longer embedded.
var ErrChecksum = errors.New("migration checksum mismatch")

// createChecksumTable is run from Go, not as a migration: it must exist before
// the first file of any set is recorded. One form per engine.
var createChecksumTable = map[string]string{"mysql": createChecksumMySQL, "postgres": createChecksumPG}

const createChecksumPG = "CREATE TABLE IF NOT EXISTS " + ChecksumTable + ` (
  set_name   VARCHAR(32)  NOT NULL,
  version    BIGINT       NOT NULL,
  name       VARCHAR(255) NOT NULL,
  sha256     CHAR(64)     NOT NULL,
  applied    SMALLINT     NOT NULL DEFAULT 1,
  applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (set_name, version)
)`

const createChecksumMySQL = "CREATE TABLE IF NOT EXISTS " + ChecksumTable + ` (
  set_name   VARCHAR(32)  NOT NULL,
  version    BIGINT       NOT NULL,
  name       VARCHAR(255) NOT NULL,
  sha256     CHAR(64)     NOT NULL,
  applied    TINYINT(1)   NOT NULL DEFAULT 1,
  applied_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (set_name, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// createChecksums creates the checksum table in db's engine's form.
func createChecksums(ctx context.Context, db *sql.DB) (dialect.Dialect, error) {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, createChecksumTable[d.Name()]); err != nil {
		return nil, fmt.Errorf("migrations: create %s: %w", ChecksumTable, err)
	}
	return d, nil
}

func (set Set) record(ctx context.Context, db *sql.DB, f File) error {
	d, err := createChecksums(ctx, db)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, d.InsertIgnore("INSERT INTO "+ChecksumTable+" (set_name, version, name, sha256) VALUES (?, ?, ?, ?)"),
		set.Name, f.Version, f.Name, f.SHA256)
	if err != nil {
		return fmt.Errorf("migrations %s: record checksum of %s: %w", set.Name, f.Name, err)
	}
	return nil
}

// recordApplied records the embedded checksum of applied files (version ≤ upTo)
// that have no row yet: files applied before checksums existed, or a crash
// between a file and its row. Files skipped by schemapath's start point have
// rows with applied=0 (see Skip), so they are not taken for applied ones.
func (set Set) recordApplied(ctx context.Context, db *sql.DB, upTo uint) error {
	if upTo == 0 {
		return nil
	}
	set, d, err := set.On(ctx, db)
	if err != nil {
		return err
	}
	exists, err := d.TableExists(ctx, db, ChecksumTable)
	if err != nil {
		return fmt.Errorf("migrations %s: look for %s: %w", set.Name, ChecksumTable, err)
	}
	if !exists { // no DDL (and no CREATE privilege) needed when it exists
		if _, err := createChecksums(ctx, db); err != nil {
			return err
		}
	}
	files, err := set.Files()
	if err != nil {
		return err
	}
	var from uint
	// Start after the highest recorded version: skipped files stay unrecorded.
	err = db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+ChecksumTable+" WHERE set_name = ?", set.Name).Scan(&from)
	if err != nil {
		return fmt.Errorf("migrations %s: read checksums: %w", set.Name, err)
	}
	for _, f := range files {
		if f.Version > from && f.Version <= upTo {
			if err := set.record(ctx, db, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Verify compares every recorded checksum of the set with the embedded file.
func (set Set) Verify(ctx context.Context, db *sql.DB) error {
	set, d, err := set.On(ctx, db)
	if err != nil {
		return err
	}
	exists, err := d.TableExists(ctx, db, ChecksumTable)
	if err != nil {
		return fmt.Errorf("migrations %s: verify: %w", set.Name, err)
	}
	if !exists {
		return nil
	}
	files, err := set.Files()
	if err != nil {
		return err
	}
	embedded := map[uint]File{}
	for _, f := range files {
		embedded[f.Version] = f
	}
	rows, err := db.QueryContext(ctx, "SELECT version, name, sha256 FROM "+ChecksumTable+" WHERE set_name = ? AND applied = 1 ORDER BY version", set.Name)
	if err != nil {
		return fmt.Errorf("migrations %s: verify: %w", set.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v uint
		var name, sum string
		if err := rows.Scan(&v, &name, &sum); err != nil {
			return fmt.Errorf("migrations %s: verify: %w", set.Name, err)
		}
		f, ok := embedded[v]
		switch {
		case !ok:
			return fmt.Errorf("%w: %s migration %d (%s) was applied to this database but this dsmigrate binary does not contain it; "+
				"use the dsmigrate version that applied it", ErrChecksum, set.Name, v, name)
		case f.SHA256 != sum:
			return fmt.Errorf("%w: %s migration %d (%s) was applied with sha256 %s but this binary's file %s has sha256 %s; "+
				"the migrations changed after they were applied — refusing to go on (use the dsmigrate version that applied them)",
				ErrChecksum, set.Name, v, name, sum, f.Name, f.SHA256)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrations %s: verify: %w", set.Name, err)
	}
	return nil
}

// Record marks f as applied with its embedded checksum (used by schemapath
// for files it applies itself).
func (set Set) Record(ctx context.Context, db *sql.DB, f File) error { return set.record(ctx, db, f) }

// Skip records that files with version ≤ upTo were not applied because the
// database already had their effect (schemapath's start point), and moves the
// version table to upTo. Verify ignores skipped rows.
func (set Set) Skip(ctx context.Context, db *sql.DB, upTo uint) error {
	set, _, err := set.On(ctx, db)
	if err != nil {
		return err
	}
	d, err := createChecksums(ctx, db)
	if err != nil {
		return err
	}
	files, err := set.Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.Version > upTo {
			break
		}
		_, err := db.ExecContext(ctx, d.InsertIgnore("INSERT INTO "+ChecksumTable+" (set_name, version, name, sha256, applied) VALUES (?, ?, ?, ?, 0)"),
			set.Name, f.Version, f.Name, f.SHA256)
		if err != nil {
			return fmt.Errorf("migrations %s: record skipped %s: %w", set.Name, f.Name, err)
		}
	}
	m, done, err := set.Migrate(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	if err := m.Force(int(upTo)); err != nil {
		return fmt.Errorf("migrations %s: start at version %d: %w", set.Name, upTo, err)
	}
	return nil
}
