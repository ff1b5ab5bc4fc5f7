package backfill

import (
	"context"
	"strings"

	"github.com/dsmigrate/dsmigrate/dialect"
	"github.com/dsmigrate/dsmigrate/dialect/mysql"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
)

// dia is the dialect Run or the toolkit put in ctx (dialect.Bind);
// MySQL/MariaDB when none. Statements are written with ? and backticks: pools
// on PostgreSQL rebind them (dialect/postgres.OpenDB).
func dia(ctx context.Context) dialect.Dialect {
	if d := dialect.FromContext(ctx); d != nil {
		return d
	}
	return mysql.Dialect{}
}

// q quotes an identifier taken from the detected schema.
func q(ident string) string { return keyset.Quote(ident) }

// placeholders returns "(?,?),(?,?)" for rows × cols.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// inList returns "?,?,?" for n values.
func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
