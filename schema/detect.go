package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Detect reads information_schema of the connection's current database and
// classifies it. It only reads.
func Detect(ctx context.Context, db *sql.DB) (*Schema, error) {
	var database sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&database); err != nil {
		return nil, fmt.Errorf("detect schema: current database: %w", err)
	}
	if !database.Valid || database.String == "" {
		return nil, errors.New("detect schema: the DSN names no database (add /dolphinscheduler to it)")
	}
	columns, meta, err := readColumns(ctx, db, database.String)
	if err != nil {
		return nil, err
	}
	s := classify(columns)
	s.onUpdate, s.maxBytes, s.charsets, s.maxInts = meta.onUpdate, meta.maxBytes, meta.charsets, meta.maxInts
	s.Database = database.String
	if t := s.Table(Version); t != "" && s.columns[t]["version"] {
		var v sql.NullString
		// The table name comes from information_schema, never from row data.
		err := db.QueryRowContext(ctx, "SELECT version FROM `"+t+"` ORDER BY id LIMIT 1").Scan(&v)
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
func readColumns(ctx context.Context, db *sql.DB, database string) (map[string]map[string]bool, columnMeta, error) {
	meta := columnMeta{onUpdate: map[string]map[string]bool{}, maxBytes: map[string]map[string]int64{}, charsets: map[string]map[string]string{}, maxInts: map[string]map[string]int64{}}
	rows, err := db.QueryContext(ctx,
		`SELECT TABLE_NAME, COLUMN_NAME, EXTRA, CHARACTER_OCTET_LENGTH, CHARACTER_SET_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`, database)
	if err != nil {
		return nil, meta, fmt.Errorf("detect schema: read information_schema.COLUMNS: %w", err)
	}
	defer rows.Close()
	columns := map[string]map[string]bool{}
	for rows.Next() {
		var table, column, extra string
		var octets sql.NullInt64
		var charset sql.NullString
		var columnType string
		if err := rows.Scan(&table, &column, &extra, &octets, &charset, &columnType); err != nil {
			return nil, meta, fmt.Errorf("detect schema: scan column: %w", err)
		}
		if octets.Valid {
			if meta.maxBytes[table] == nil {
				meta.maxBytes[table] = map[string]int64{}
			}
			meta.maxBytes[table][column] = octets.Int64
		}
		if charset.Valid {
			if meta.charsets[table] == nil {
				meta.charsets[table] = map[string]string{}
			}
			meta.charsets[table][column] = charset.String
		}
		if max := intTypeMax(columnType); max > 0 {
			if meta.maxInts[table] == nil {
				meta.maxInts[table] = map[string]int64{}
			}
			meta.maxInts[table][column] = max
		}
		if columns[table] == nil {
			columns[table] = map[string]bool{}
		}
		columns[table][column] = true
		if strings.Contains(strings.ToLower(extra), "on update") {
			if meta.onUpdate[table] == nil {
				meta.onUpdate[table] = map[string]bool{}
			}
			meta.onUpdate[table][column] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, meta, fmt.Errorf("detect schema: read columns: %w", err)
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

// intTypeMax is the largest value of a MySQL integer COLUMN_TYPE
// ("int(11)", "bigint(20) unsigned"), 0 for other types.
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
