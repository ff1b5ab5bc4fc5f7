package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// InsertIgnore: INSERT IGNORE INTO ….
func (Dialect) InsertIgnore(insert string) string {
	return "INSERT IGNORE" + strings.TrimPrefix(insert, "INSERT")
}

// Upsert: ON DUPLICATE KEY UPDATE (the key is the table's own).
func (Dialect) Upsert(insert, _ string, assignments ...string) string {
	return insert + "\nON DUPLICATE KEY UPDATE " + strings.Join(assignments, ", ")
}

// Excluded: VALUES(col) (deprecated in MySQL 8.0.20 but still accepted by
// 8.0 and 8.4; MariaDB's only form).
func (Dialect) Excluded(col string) string { return "VALUES(" + col + ")" }

// NullSafeEqual: a <=> b.
func (Dialect) NullSafeEqual(a, b string) string { return a + " <=> " + b }

// Checksum: SHA1 of the value's bytes (the form ledgers always had).
func (Dialect) Checksum(expr string) string { return "SHA1(" + expr + ")" }

// ChecksumOriginal: SHA1 of the stored bytes.
func (Dialect) ChecksumOriginal(expr string) string { return "SHA1(" + expr + ")" }

// Original: the value itself (a LONGBLOB keeps its bytes).
func (Dialect) Original(expr string) string { return expr }

// FromOriginal: the bytes themselves; MySQL converts them on assignment.
func (Dialect) FromOriginal(expr, _ string) string { return expr }

// ColumnType is not needed on MySQL.
func (Dialect) ColumnType(context.Context, dialect.Querier, string, string) (string, error) {
	return "", nil
}

// Param: MySQL infers every placeholder's type.
func (Dialect) Param(string) string { return "?" }

// UpdateFrom: UPDATE t a JOIN from SET a.col = … WHERE ….
func (d Dialect) UpdateFrom(table, alias string, sets [][2]string, from, on, where string) string {
	parts := make([]string, len(sets))
	for i, s := range sets {
		parts[i] = alias + "." + s[0] + " = " + s[1]
	}
	return fmt.Sprintf("UPDATE %s %s JOIN %s ON %s SET %s\nWHERE %s", table, alias, from, on, strings.Join(parts, ", "), where)
}

// DeleteUsing: DELETE a FROM t a JOIN from WHERE ….
func (Dialect) DeleteUsing(table, alias, from, on, where string) string {
	return fmt.Sprintf("DELETE %s FROM %s %s JOIN %s ON %s\nWHERE %s", alias, table, alias, from, on, where)
}

// InsertID uses the driver's LastInsertId.
func (Dialect) InsertID(ctx context.Context, q dialect.Querier, insert string, args ...any) (int64, error) {
	res, err := q.ExecContext(ctx, insert, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// TableExists reads information_schema.
func (Dialect) TableExists(ctx context.Context, q dialect.Querier, table string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, table).Scan(&n)
	return n > 0, err
}

// NextID is the table's AUTO_INCREMENT counter.
func (Dialect) NextID(ctx context.Context, q dialect.Querier, table string) (int64, error) {
	var next sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, table).Scan(&next)
	if err != nil {
		return 0, err
	}
	if !next.Valid {
		return 1, nil
	}
	return next.Int64, nil
}

// dataErrors are the MySQL/MariaDB error numbers that a row's values cause.
var dataErrors = map[uint16]bool{
	1048: true, // column cannot be null
	1264: true, // out of range value
	1265: true, // data truncated
	1266: true, // converted to another charset
	1267: true, // illegal mix of collations
	1270: true, // illegal mix of collations (3 sets)
	1271: true, // illegal mix of collations for operation
	1292: true, // incorrect (date)time value
	1300: true, // invalid string for its character set
	1366: true, // incorrect string value (a 4-byte character in utf8)
	1367: true, // illegal value
	1406: true, // data too long for column
	1411: true, // incorrect value for function
	1452: true, // foreign key: no parent row
	1644: true, // SIGNAL from a trigger (a site rule refusing the row)
	1690: true, // value out of range in an expression
	3140: true, // invalid JSON text (MySQL JSON column)
	3819: true, // check constraint (MySQL)
	4025: true, // check constraint (MariaDB)
}

// IsDataError: the error numbers of dataErrors.
func (Dialect) IsDataError(err error) bool {
	var me *gomysql.MySQLError
	return errors.As(err, &me) && dataErrors[me.Number]
}
