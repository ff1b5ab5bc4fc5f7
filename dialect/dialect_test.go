package dialect_test

import (
	"testing"

	"github.com/dsmigrate/dsmigrate/dialect"
)

func TestRebindNumbered(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                                "SELECT 1",
		"SELECT a FROM t WHERE id > ? AND b = ?":  "SELECT a FROM t WHERE id > $1 AND b = $2",
		"SELECT '?', \"?\", `?` FROM t WHERE x=?": "SELECT '?', \"?\", `?` FROM t WHERE x=$1",
		"SELECT 'it''s ?' , ?":                    "SELECT 'it''s ?' , $1",
		"SELECT ? -- why?\n, ?":                   "SELECT $1 -- why?\n, $2",
		"IN (?, ?, ?)":                            "IN ($1, $2, $3)",
	}
	for in, want := range tests {
		if got := dialect.RebindNumbered(in, "$"); got != want {
			t.Errorf("RebindNumbered(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRebindKeepsTextOutsidePlaceholders(f *testing.F) {
	f.Add("SELECT ? FROM 't?' WHERE \"a\" = ?")
	f.Fuzz(func(t *testing.T, q string) {
		out := dialect.RebindNumbered(q, "$")
		if len(out) < len(q) {
			t.Fatalf("RebindNumbered(%q) = %q lost text", q, out)
		}
	})
}

func TestPlaceholders(t *testing.T) {
	if dialect.Placeholders(0) != "NULL" || dialect.Placeholders(3) != "?, ?, ?" {
		t.Errorf("Placeholders: %q %q", dialect.Placeholders(0), dialect.Placeholders(3))
	}
}
