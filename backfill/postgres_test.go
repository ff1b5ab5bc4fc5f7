package backfill_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/ledger"
)

// realCataloguePG loads DS's real 2.0.9 PostgreSQL DDL and the catalogue.
func realCataloguePG(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.NewPG(t)
	db.LoadDSPG(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	return db
}

// paramQueries reads, per DS table of a shape, the columns dsmigrate
// converts, as text, ordered by id.
var paramQueries = map[string][]string{
	"2.0": {
		"SELECT id, command_type, command_param FROM t_ds_command ORDER BY id",
		"SELECT id, state, command_type, command_param, history_cmd FROM t_ds_process_instance ORDER BY id",
		"SELECT id, command_type, command_param, message FROM t_ds_error_command ORDER BY id",
		"SELECT id, state, task_params FROM t_ds_task_instance ORDER BY id",
	},
	"3.3": {
		"SELECT id, command_type, command_param, test_flag FROM t_ds_command ORDER BY id",
		"SELECT id, state, command_type, command_param, history_cmd, test_flag FROM t_ds_workflow_instance ORDER BY id",
		"SELECT id, command_type, command_param, message FROM t_ds_error_command ORDER BY id",
		"SELECT id, state, task_params, test_flag FROM t_ds_task_instance ORDER BY id",
	},
}

// paramRows returns every row of paramQueries[shape] as strings.
func paramRows(t *testing.T, db *sql.DB, shape string) []string {
	t.Helper()
	var out []string
	for _, q := range paramQueries[shape] {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(q[:30], vals))
		}
		rows.Close()
	}
	return out
}

func ruleCounts(s *backfill.Summary) map[string]int64 {
	out := map[string]int64{}
	for name, r := range s.Rules {
		out[name] = r.Count
	}
	return out
}

// TestCatalogueUpgradeOnPostgres: upgrade on DS's real 2.0.9 PostgreSQL
// schema with the catalogue gives MariaDB's results — tables, rules, refused
// rows, side effects and the converted values as strings — and rollback
// puts every DS table back byte-exact.
func TestCatalogueUpgradeOnPostgres(t *testing.T) {
	ctx := context.Background()
	my := realCatalogue(t)
	pg := realCataloguePG(t)
	// PostgreSQL's text has no 64 KiB limit: MariaDB refuses the two
	// TEXT-limit rows (command 27, instance 30) as too long, PostgreSQL would
	// store them. A CHECK with MySQL's TEXT capacity makes PostgreSQL refuse
	// them too (SQLSTATE 23514), so the batch splitting and refusal path runs
	// on PostgreSQL and every other row can be compared.
	for _, table := range []string{"t_ds_command", "t_ds_process_instance", "t_ds_error_command"} {
		pg.Exec(t, `ALTER TABLE `+table+` ADD CONSTRAINT dsmt_text_limit CHECK (octet_length(command_param) <= 65535)`)
	}
	before := dbtest.PGTableDigests(t, pg)

	a := upgrade(t, my, backfill.Options{})
	b := upgrade(t, pg, backfill.Options{})
	if !reflect.DeepEqual(tableCounts(a), tableCounts(b)) {
		t.Errorf("changed per table: MariaDB %v, PostgreSQL %v", tableCounts(a), tableCounts(b))
	}
	// MariaDB refuses the two TEXT-limit rows before writing (the column's
	// capacity is known); PostgreSQL plans them, counts their rules, and the
	// CHECK refuses them at commit: at most 2 more per rule, never fewer.
	ra, rb := ruleCounts(a), ruleCounts(b)
	for rule, n := range rb {
		if d := n - ra[rule]; d < 0 || d > 2 {
			t.Errorf("rule %s: MariaDB %d, PostgreSQL %d", rule, ra[rule], n)
		}
	}
	if len(ra) != len(rb) {
		t.Errorf("rules: MariaDB %v, PostgreSQL %v", ra, rb)
	}
	for _, r := range b.Refused {
		if (r.Table == "command" && r.ID == 27 || r.Table == "instance" && r.ID == 30) && !strings.Contains(r.Reason, "23514") {
			t.Errorf("PostgreSQL refused %s %d for %q, want the server's CHECK violation (23514)", r.Table, r.ID, r.Reason)
		}
	}
	if ra, rb := refusedIDs(a), refusedIDs(b); !reflect.DeepEqual(ra, rb) {
		t.Errorf("refused: MariaDB %v, PostgreSQL %v", ra, rb)
	}
	if a.Actions != b.Actions {
		t.Errorf("actions: MariaDB %+v, PostgreSQL %+v", a.Actions, b.Actions)
	}
	ma, mb := paramRows(t, my.SQL, "2.0"), paramRows(t, pg.SQL, "2.0")
	sameRows(t, "after upgrade", ma, mb)
	t.Logf("PostgreSQL: %d rows changed, %d refused, %d rules, %d converted rows compared", changed(b), len(b.Refused), len(b.Rules), len(mb))
	if changed(b) == 0 || len(b.Refused) == 0 {
		t.Fatalf("the catalogue changed %d rows and refused %d: the comparison proves nothing", changed(b), len(b.Refused))
	}

	// A second run finds nothing to do.
	if again := upgrade(t, pg, backfill.Options{}); changed(again) != 0 {
		t.Errorf("second upgrade on PostgreSQL changed %v", tableCounts(again))
	}

	// DS's next inserts draw fresh ids (the sequences moved past created rows).
	pg.Exec(t, `INSERT INTO t_ds_command (command_type, process_definition_code, executor_id, update_time) VALUES (0, 1, 1, now())`)
	pg.Exec(t, `INSERT INTO t_ds_process_instance (process_definition_code, state, executor_id, update_time) VALUES (1, 7, 1, now())`)
	pg.Exec(t, `DELETE FROM t_ds_command WHERE id = (SELECT MAX(id) FROM t_ds_command)`)
	pg.Exec(t, `DELETE FROM t_ds_process_instance WHERE id = (SELECT MAX(id) FROM t_ds_process_instance)`)

	if _, err := ledger.Rollback(ctx, pg.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatalf("rollback on PostgreSQL: %v", err)
	}
	after := dbtest.PGTableDigests(t, pg)
	for table, sum := range before {
		if after[table] != sum {
			t.Errorf("rollback: %s differs from before the run", table)
		}
	}
	if len(before) < 20 {
		t.Errorf("only %d DS tables digested", len(before))
	}
}

// sameRows reports the first differences between two row lists.
func sameRows(t *testing.T, what string, a, b []string) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d rows on MariaDB, %d on PostgreSQL", what, len(a), len(b))
	}
	shown := 0
	for i := 0; i < len(a) && i < len(b) && shown < 10; i++ {
		if a[i] != b[i] {
			shown++
			t.Errorf("%s: row differs\nMariaDB    %.300s\nPostgreSQL %.300s", what, a[i], b[i])
		}
	}
}

var _ = sort.Strings
