package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	columns, err := readColumns(ctx, db, database.String)
	if err != nil {
		return nil, err
	}
	s := classify(columns)
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

func readColumns(ctx context.Context, db *sql.DB, database string) (map[string]map[string]bool, error) {
	rows, err := db.QueryContext(ctx,
		`SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`, database)
	if err != nil {
		return nil, fmt.Errorf("detect schema: read information_schema.COLUMNS: %w", err)
	}
	defer rows.Close()
	columns := map[string]map[string]bool{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			return nil, fmt.Errorf("detect schema: scan column: %w", err)
		}
		if columns[table] == nil {
			columns[table] = map[string]bool{}
		}
		columns[table][column] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("detect schema: read columns: %w", err)
	}
	return columns, nil
}
