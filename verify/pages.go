package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/dialect"
	"github.com/dsmigrate/dsmigrate/internal/keyset"
)

// pageQuery reads a table by primary key in pages (`id > last ORDER BY id
// LIMIT n`), one page in memory at a time, like internal/keyset.Scan but
// handing over whole pages: the rules look up the rows a page points at
// (instances of commands and task instances) with one query per page. The
// next page is read while the current one is checked.
type pageQuery struct {
	d       dialect.Dialect // quoting and placeholders of the engine
	table   string          // physical table, from the detected schema
	columns []string        // physical columns after id; "NULL" for one the shape lacks
	size    int
}

func (q pageQuery) sql() string {
	cols := []string{"id"}
	for _, c := range q.columns {
		if c == "NULL" || c == "" {
			cols = append(cols, "NULL")
		} else {
			cols = append(cols, q.d.Quote(c))
		}
	}
	return q.d.Rebind(fmt.Sprintf("SELECT %s FROM %s WHERE id > ? ORDER BY id LIMIT %d",
		strings.Join(cols, ", "), q.d.Quote(q.table), q.size))
}

// eachPage calls handle with every page of rows, in id order. scan reads one
// row (id first) and returns it with its id.
func eachPage[T any](ctx context.Context, db *sql.DB, q pageQuery,
	scan func(*sql.Rows) (T, int64, error), handle func([]T) error) error {
	type page struct {
		rows []T
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan page, 1) // one page read ahead
	go func() {
		defer close(pages)
		query, last := q.sql(), keyset.Start
		for {
			rows, next, err := readPage(ctx, db, query, last, scan)
			if err != nil {
				err = fmt.Errorf("read %s after id %d: %w", q.table, last, err)
			}
			select {
			case pages <- page{rows, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(rows) < q.size {
				return
			}
			last = next
		}
	}()
	for p := range pages {
		if p.err != nil {
			return p.err
		}
		if len(p.rows) > 0 {
			if err := handle(p.rows); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

func readPage[T any](ctx context.Context, db *sql.DB, query string, after int64,
	scan func(*sql.Rows) (T, int64, error)) ([]T, int64, error) {
	rows, err := db.QueryContext(ctx, query, after)
	if err != nil {
		return nil, after, err
	}
	defer rows.Close()
	var out []T
	last := after
	for rows.Next() {
		v, id, err := scan(rows)
		if err != nil {
			return nil, after, err
		}
		out = append(out, v)
		last = id
	}
	return out, last, rows.Err()
}

// inList is "?, ?, …" for n arguments.
func inList(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
