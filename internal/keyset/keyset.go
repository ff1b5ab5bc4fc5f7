// Package keyset pages through a table by primary key (`id > last ORDER BY id
// LIMIT n`), so a scan holds one page in memory whatever the table's size.
package keyset

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/dsmigrate/dsmigrate/dialect"
	"github.com/dsmigrate/dsmigrate/dialect/mysql"
)

// DefaultSize is the page size when Scan.Size is 0.
const DefaultSize = 5000

// Start is the id a scan starts after: the smallest 32-bit integer, so the
// bound fits PostgreSQL's integer id columns (DS's serial ids) as well as
// bigint ones.
const Start = int64(math.MinInt32)

// Scan describes one paged read. Table, ID and Columns are identifiers taken
// from the detected schema (never from row data); Columns may also hold the
// literal NULL for a column the shape lacks.
type Scan struct {
	Table   string
	ID      string
	Columns []string
	Size    int
	Dialect dialect.Dialect // quoting and placeholders; nil means MySQL/MariaDB
}

// Quote returns a backtick-quoted MySQL identifier.
func Quote(ident string) string { return "`" + strings.ReplaceAll(ident, "`", "``") + "`" }

func (s Scan) query() string {
	d := s.Dialect
	if d == nil {
		d = mysql.Dialect{}
	}
	cols := make([]string, 0, len(s.Columns)+1)
	cols = append(cols, d.Quote(s.ID))
	for _, c := range s.Columns {
		if c == "NULL" {
			cols = append(cols, "NULL")
		} else {
			cols = append(cols, d.Quote(c))
		}
	}
	return d.Rebind(fmt.Sprintf("SELECT %s FROM %s WHERE %s > ? ORDER BY %s LIMIT %d",
		strings.Join(cols, ", "), d.Quote(s.Table), d.Quote(s.ID), d.Quote(s.ID), s.size()))
}

func (s Scan) size() int {
	if s.Size <= 0 {
		return DefaultSize
	}
	return s.Size
}

// Each calls row for every row in id order. row receives a scanner for the id
// followed by Columns, in that order.
func (s Scan) Each(ctx context.Context, db *sql.DB, row func(scan func(dest ...any) error) error) error {
	q := s.query()
	last := Start
	for {
		n, next, err := s.page(ctx, db, q, last, row)
		if err != nil {
			return fmt.Errorf("scan %s after id %d: %w", s.Table, last, err)
		}
		if n < s.size() {
			return nil
		}
		last = next
	}
}

func (s Scan) page(ctx context.Context, db *sql.DB, q string, after int64,
	row func(scan func(dest ...any) error) error) (n int, last int64, err error) {
	rows, err := db.QueryContext(ctx, q, after)
	if err != nil {
		return 0, after, err
	}
	defer rows.Close()
	last = after
	for rows.Next() {
		var id int64
		scan := func(dest ...any) error {
			return rows.Scan(append([]any{&id}, dest...)...)
		}
		if err := row(scan); err != nil {
			return n, last, err
		}
		last = id
		n++
	}
	return n, last, rows.Err()
}
