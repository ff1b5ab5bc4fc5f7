package postgres

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRebindQuotesAndNumbers(t *testing.T) {
	tests := map[string]string{
		"SELECT `id` FROM `t_ds_command` WHERE `id` > ?": `SELECT "id" FROM "t_ds_command" WHERE "id" > $1`,
		"SELECT '`x`', \"`y`\", `a\"b`, `c``d` FROM t":   `SELECT '` + "`x`" + `', "` + "`y`" + `", "a""b", "c` + "`" + `d" FROM t`,
		`SELECT $1, "id" FROM t`:                         `SELECT $1, "id" FROM t`,
		"INSERT INTO t (`a`, b) VALUES (?, '?'), (?, ?)": `INSERT INTO t ("a", b) VALUES ($1, '?'), ($2, $3)`,
	}
	for in, want := range tests {
		if got := (Dialect{}).Rebind(in); got != want {
			t.Errorf("Rebind(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestIsDataError(t *testing.T) {
	for code, want := range map[string]bool{
		"22001": true,  // value too long
		"22P02": true,  // invalid text representation
		"23502": true,  // not null
		"23514": true,  // check
		"23503": true,  // foreign key
		"P0001": true,  // trigger RAISE
		"23505": false, // duplicate key: an id clash, not the row's values
		"40001": false, // serialization failure
		"25P02": false, // transaction aborted
		"57P01": false, // admin shutdown
	} {
		err := errors.Join(errors.New("batch"), &pgconn.PgError{Code: code})
		if got := (Dialect{}).IsDataError(err); got != want {
			t.Errorf("IsDataError(%s) = %v, want %v", code, got, want)
		}
	}
	if (Dialect{}).IsDataError(errors.New("plain")) {
		t.Error("a non-PostgreSQL error taken for a data error")
	}
}

func TestWriterForms(t *testing.T) {
	d := Dialect{}
	if got := d.Upsert("INSERT INTO c (a, b) VALUES (?, ?)", "a", "b = "+d.Excluded("b")); got != "INSERT INTO c (a, b) VALUES (?, ?)\nON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b" {
		t.Errorf("Upsert: %q", got)
	}
	if got := d.InsertIgnore("INSERT INTO r VALUES (?)"); got != "INSERT INTO r VALUES (?)\nON CONFLICT DO NOTHING" {
		t.Errorf("InsertIgnore: %q", got)
	}
	if got := d.UpdateFrom(`"t"`, "t", [][2]string{{`"c"`, "b.original"}}, "dsmigrate_backup b", "b.row_id = t.id", "b.run_id = ?"); got != `UPDATE "t" t SET "c" = b.original FROM dsmigrate_backup b`+"\nWHERE b.row_id = t.id AND b.run_id = ?" {
		t.Errorf("UpdateFrom: %q", got)
	}
}
