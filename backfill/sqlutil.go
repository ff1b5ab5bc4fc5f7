package backfill

import (
	"strings"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
)

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
