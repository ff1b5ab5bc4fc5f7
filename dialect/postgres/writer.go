package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// InsertIgnore: … ON CONFLICT DO NOTHING.
func (Dialect) InsertIgnore(insert string) string { return insert + "\nON CONFLICT DO NOTHING" }

// Upsert: ON CONFLICT (keys) DO UPDATE SET ….
func (Dialect) Upsert(insert, keys string, assignments ...string) string {
	return insert + "\nON CONFLICT (" + keys + ") DO UPDATE SET " + strings.Join(assignments, ", ")
}

// Excluded: EXCLUDED.col.
func (Dialect) Excluded(col string) string { return "EXCLUDED." + col }

// NullSafeEqual: a IS NOT DISTINCT FROM b.
func (Dialect) NullSafeEqual(a, b string) string {
	return "(" + a + ") IS NOT DISTINCT FROM (" + b + ")"
}

// Checksum: hex sha256 (core since PostgreSQL 11) of the value's text as
// UTF-8 bytes — the bytes Original stores.
func (d Dialect) Checksum(expr string) string { return d.ChecksumOriginal(d.Original(expr)) }

// ChecksumOriginal: hex sha256 of stored bytes.
func (Dialect) ChecksumOriginal(expr string) string { return "encode(sha256(" + expr + "), 'hex')" }

// Original: the value's text form as UTF-8 bytes (bytea). Text columns keep
// their exact characters; integers, timestamps (DateStyle ISO, microseconds)
// and booleans keep a text form that casts back to the same value.
func (Dialect) Original(expr string) string { return "convert_to((" + expr + ")::text, 'UTF8')" }

// FromOriginal: the bytes as text, cast back to the column's type.
func (Dialect) FromOriginal(expr, sqlType string) string {
	if sqlType == "" {
		sqlType = "text"
	}
	return "CAST(convert_from(" + expr + ", 'UTF8') AS " + sqlType + ")"
}

// ColumnType is format_type of table.column in the current schema.
func (Dialect) ColumnType(ctx context.Context, q dialect.Querier, table, column string) (string, error) {
	var typ string
	err := q.QueryRowContext(ctx, `SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname = $1 AND a.attname = $2 AND NOT a.attisdropped`, table, column).Scan(&typ)
	if err != nil {
		return "", fmt.Errorf("type of %s.%s: %w", table, column, err)
	}
	return typ, nil
}

// Param: CAST(? AS type), for placeholders whose type PostgreSQL cannot infer
// (the branches of UNION ALL resolve unknown parameters to text).
func (Dialect) Param(sqlType string) string { return "CAST(? AS " + sqlType + ")" }

// UpdateFrom: UPDATE t a SET col = … FROM from WHERE ….
func (Dialect) UpdateFrom(table, alias string, sets [][2]string, from, on, where string) string {
	parts := make([]string, len(sets))
	for i, s := range sets {
		parts[i] = s[0] + " = " + s[1]
	}
	return fmt.Sprintf("UPDATE %s %s SET %s FROM %s\nWHERE %s AND %s", table, alias, strings.Join(parts, ", "), from, on, where)
}

// DeleteUsing: DELETE FROM t a USING from WHERE ….
func (Dialect) DeleteUsing(table, alias, from, on, where string) string {
	return fmt.Sprintf("DELETE FROM %s %s USING %s\nWHERE %s AND %s", table, alias, from, on, where)
}

// InsertID: … RETURNING id.
func (Dialect) InsertID(ctx context.Context, q dialect.Querier, insert string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, insert+" RETURNING id", args...).Scan(&id)
	return id, err
}

// TableExists reads information_schema of the current schema.
func (Dialect) TableExists(ctx context.Context, q dialect.Querier, table string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, table).Scan(&n)
	return n > 0, err
}

// NextID is the next value of the sequence the id column's default names
// (never below the largest id + 1); without such a sequence, the largest
// id + 1.
func (d Dialect) NextID(ctx context.Context, q dialect.Querier, table string) (int64, error) {
	seq, err := SequenceOf(ctx, q, table, "id")
	if err != nil {
		return 0, err
	}
	top := fmt.Sprintf("COALESCE((SELECT MAX(%s) FROM %s), 0) + 1", d.Quote("id"), d.Quote(table))
	var next int64
	if seq == "" {
		err = q.QueryRowContext(ctx, "SELECT "+top).Scan(&next)
	} else {
		err = q.QueryRowContext(ctx, "SELECT GREATEST("+top+", COALESCE(pg_sequence_last_value($1::regclass) + 1, 1))", seq).Scan(&next)
	}
	return next, err
}

// IsDataError: SQLSTATE class 22 (data exception), class 23 (integrity
// constraint) except 23505 (a duplicate key is an id clash, not a row's
// values), and P0001 (a trigger's RAISE EXCEPTION, a site rule refusing the
// row).
func (Dialect) IsDataError(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch {
	case pe.Code == "23505":
		return false
	case strings.HasPrefix(pe.Code, "22"), strings.HasPrefix(pe.Code, "23"), pe.Code == "P0001":
		return true
	}
	return false
}
