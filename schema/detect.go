package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	columns, onUpdate, err := readColumns(ctx, db, database.String)
	if err != nil {
		return nil, err
	}
	s := classify(columns)
	s.onUpdate = onUpdate
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

// readColumns returns table → column set, and table → the columns that
// change by themselves on UPDATE (ON UPDATE CURRENT_TIMESTAMP).
func readColumns(ctx context.Context, db *sql.DB, database string) (columns, onUpdate map[string]map[string]bool, err error) {
	rows, err := db.QueryContext(ctx,
		`SELECT TABLE_NAME, COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`, database)
	if err != nil {
		return nil, nil, fmt.Errorf("detect schema: read information_schema.COLUMNS: %w", err)
	}
	defer rows.Close()
	columns, onUpdate = map[string]map[string]bool{}, map[string]map[string]bool{}
	for rows.Next() {
		var table, column, extra string
		if err := rows.Scan(&table, &column, &extra); err != nil {
			return nil, nil, fmt.Errorf("detect schema: scan column: %w", err)
		}
		if columns[table] == nil {
			columns[table] = map[string]bool{}
		}
		columns[table][column] = true
		if strings.Contains(strings.ToLower(extra), "on update") {
			if onUpdate[table] == nil {
				onUpdate[table] = map[string]bool{}
			}
			onUpdate[table][column] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("detect schema: read columns: %w", err)
	}
	return columns, onUpdate, nil
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
