package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/dsmigrate/dsmigrate/dialect"
	_ "github.com/dsmigrate/dsmigrate/dialect/mysql"    // so that Detect works on any pool a library user opens
	_ "github.com/dsmigrate/dsmigrate/dialect/postgres" // idem for pgx pools
)

// Detect reads information_schema of the connection's current database (the
// current schema on PostgreSQL) and classifies it. It only reads. The
// engine's dialect comes from the pool's driver (dialect.Of).
func Detect(ctx context.Context, db *sql.DB) (*Schema, error) {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("detect schema: %w", err)
	}
	database, err := d.CurrentDatabase(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("detect schema: current database: %w", err)
	}
	if database == "" {
		return nil, errors.New("detect schema: the DSN names no database (add /dolphinscheduler to it)")
	}
	columns, meta, err := readColumns(ctx, db, d)
	if err != nil {
		return nil, err
	}
	s := classify(columns)
	s.onUpdate, s.maxBytes, s.charsets, s.maxInts = meta.onUpdate, meta.maxBytes, meta.charsets, meta.maxInts
	s.Database, s.Dialect = database, d
	if t := s.Table(Version); t != "" && s.columns[t]["version"] {
		var v sql.NullString
		// The table name comes from information_schema, never from row data.
		err := db.QueryRowContext(ctx, "SELECT version FROM "+d.Quote(t)+" ORDER BY id LIMIT 1").Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("detect schema: read %s: %w", t, err)
		}
		s.VersionRow = v.String
	}
	return s, nil
}

// columnMeta is what detection keeps about columns besides their names.
type columnMeta struct {
	onUpdate map[string]map[string]bool   // table → columns the server changes on UPDATE
	maxBytes map[string]map[string]int64  // table → text column → capacity in bytes
	charsets map[string]map[string]string // table → text column → character set
	maxInts  map[string]map[string]int64  // table → integer column → largest value
}

// readColumns returns table → column set, and the columns' metadata.
func readColumns(ctx context.Context, db *sql.DB, d dialect.Dialect) (map[string]map[string]bool, columnMeta, error) {
	meta := columnMeta{onUpdate: map[string]map[string]bool{}, maxBytes: map[string]map[string]int64{}, charsets: map[string]map[string]string{}, maxInts: map[string]map[string]int64{}}
	cols, err := d.Columns(ctx, db)
	if err != nil {
		return nil, meta, fmt.Errorf("detect schema: read information_schema columns: %w", err)
	}
	columns := map[string]map[string]bool{}
	for _, c := range cols {
		if c.MaxBytes > 0 {
			if meta.maxBytes[c.Table] == nil {
				meta.maxBytes[c.Table] = map[string]int64{}
			}
			meta.maxBytes[c.Table][c.Name] = c.MaxBytes
		}
		if c.Charset != "" {
			if meta.charsets[c.Table] == nil {
				meta.charsets[c.Table] = map[string]string{}
			}
			meta.charsets[c.Table][c.Name] = c.Charset
		}
		if c.IntMax > 0 {
			if meta.maxInts[c.Table] == nil {
				meta.maxInts[c.Table] = map[string]int64{}
			}
			meta.maxInts[c.Table][c.Name] = c.IntMax
		}
		if columns[c.Table] == nil {
			columns[c.Table] = map[string]bool{}
		}
		columns[c.Table][c.Name] = true
		if c.OnUpdate {
			if meta.onUpdate[c.Table] == nil {
				meta.onUpdate[c.Table] = map[string]bool{}
			}
			meta.onUpdate[c.Table][c.Name] = true
		}
	}
	return columns, meta, nil
}

// MaxBytes returns the capacity in bytes of a text column (logical names as
// for Column), 0 when unknown or not a text column.
func (s *Schema) MaxBytes(l Logical, column string) int64 {
	return s.maxBytes[s.tables[l]][s.Column(l, column)]
}

// Charset returns the character set of a text column (logical names as for
// Column), "" when unknown or not a text column: a utf8 (utf8mb3) column
// cannot hold characters outside the BMP.
func (s *Schema) Charset(l Logical, column string) string {
	return s.charsets[s.tables[l]][s.Column(l, column)]
}

// MaxInt returns the largest value an integer column holds (logical names as
// for Column), 0 when unknown or not an integer column: rows dsmigrate
// creates need ids that fit (DS 2.0 declares its ids int(11)).
func (s *Schema) MaxInt(l Logical, column string) int64 {
	return s.maxInts[s.tables[l]][s.Column(l, column)]
}

// AutoUpdated returns the columns of a logical table that the server changes
// by itself on UPDATE (t_ds_process_instance.update_time). Writers assign
// them to themselves so that dsmigrate's updates, and rollback, leave them
// as they were.
func (s *Schema) AutoUpdated(l Logical) []string {
	var out []string
	for c := range s.onUpdate[s.tables[l]] {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
