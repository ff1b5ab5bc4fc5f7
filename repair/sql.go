package repair

import (
	"database/sql"
	"strings"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// q quotes an identifier taken from the detected schema.
func q(ident string) string { return keyset.Quote(ident) }

func quoteAll(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = q(c)
	}
	return strings.Join(out, ", ")
}

// inList returns "?,?,?" for n values.
func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func nullStr(v sql.NullString) transforms.NullString {
	return transforms.NullString{String: v.String, Valid: v.Valid}
}

func nullInt(v sql.NullInt64) transforms.NullInt {
	return transforms.NullInt{Int: v.Int64, Valid: v.Valid}
}

func intValue(v transforms.NullInt) any {
	if !v.Valid {
		return nil
	}
	return v.Int
}
