package backfill_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/verify"
)

// realCataloguePG loads DS's real 2.0.9 PostgreSQL DDL and the catalogue.
func realCataloguePG(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.NewPG(t)
	db.LoadDSPG(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL's text has no 64 KiB limit: MariaDB refuses the two
	// TEXT-limit rows (command 27, instance 30) as too long, PostgreSQL would
	// store them. A CHECK with MySQL's TEXT capacity makes PostgreSQL refuse
	// them too (SQLSTATE 23514), so the batch splitting and refusal path runs
	// on PostgreSQL and every other row can be compared.
	for _, table := range []string{"t_ds_command", "t_ds_process_instance", "t_ds_error_command"} {
		db.Exec(t, `ALTER TABLE `+table+` ADD CONSTRAINT dsmt_text_limit CHECK (octet_length(command_param) <= 65535)`)
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
	"3.0-3.2": {
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
	for table, insert := range map[string]string{
		"t_ds_command":          `INSERT INTO t_ds_command (command_type, process_definition_code, executor_id, update_time) VALUES (0, 1, 1, now()) RETURNING id`,
		"t_ds_process_instance": `INSERT INTO t_ds_process_instance (process_definition_code, state, executor_id, update_time) VALUES (1, 7, 1, now()) RETURNING id`,
	} {
		var top, next int64
		pg.SQL.QueryRow(`SELECT MAX(id) FROM ` + table).Scan(&top)
		if err := pg.SQL.QueryRow(insert).Scan(&next); err != nil || next <= top {
			t.Errorf("DS's next insert into %s: id %d, %v; want above %d", table, next, err, top)
		}
		pg.Exec(t, `DELETE FROM `+table+` WHERE id = $1`, next)
	}

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

// TestBothOrdersOnPostgres: (a) dsmigrate on 2.0.9, DS's own PostgreSQL
// scripts to 3.3.0, dsmigrate again; (b) DS's scripts first, then dsmigrate:
// both end in the same rows, the same rows as order (b) on MariaDB, and
// verify then finds on PostgreSQL exactly what it finds on MariaDB.
func TestBothOrdersOnPostgres(t *testing.T) {
	ctx := context.Background()
	a := realCataloguePG(t)
	firstA := upgrade(t, a, backfill.Options{})
	a.UpgradeDSPG(t, "3.3.0")
	secondA := upgrade(t, a, backfill.Options{})
	t.Logf("(a) first run changed %v, second %v", tableCounts(firstA), tableCounts(secondA))

	b := realCataloguePG(t)
	b.UpgradeDSPG(t, "3.3.0")
	upgrade(t, b, backfill.Options{})
	ra, rb := paramRows(t, a.SQL, "3.3"), paramRows(t, b.SQL, "3.3")
	sameRows(t, "orders (a) and (b) on PostgreSQL", ra, rb)

	my := realCatalogue(t)
	my.UpgradeDS(t, "3.3.0")
	upgrade(t, my, backfill.Options{})
	sameRows(t, "order (b) on MariaDB and PostgreSQL", paramRows(t, my.SQL, "3.3"), rb)

	fa, fb := findings(t, ctx, my.SQL), findings(t, ctx, b.SQL)
	if !reflect.DeepEqual(fa, fb) {
		t.Errorf("verify after upgrade differs\nMariaDB    %v\nPostgreSQL %v", fa, fb)
	}
	t.Logf("%d rows compared; verify after upgrade: %d findings on both engines", len(rb), len(fb))
}

// TestUpgradeOn32ShapeOnPostgres: DS's own scripts to 3.2.2 (the 3.0–3.2
// shape), then dsmigrate, on both engines: the same counts and rows.
func TestUpgradeOn32ShapeOnPostgres(t *testing.T) {
	my := realCatalogue(t)
	my.UpgradeDS(t, "3.2.2")
	pg := realCataloguePG(t)
	pg.UpgradeDSPG(t, "3.2.2")
	a, b := upgrade(t, my, backfill.Options{}), upgrade(t, pg, backfill.Options{})
	if a.Shape != "3.0-3.2" || b.Shape != a.Shape {
		t.Fatalf("shapes %s / %s, want 3.0-3.2", a.Shape, b.Shape)
	}
	if !reflect.DeepEqual(tableCounts(a), tableCounts(b)) || !reflect.DeepEqual(refusedIDs(a), refusedIDs(b)) {
		t.Errorf("MariaDB %v refused %v; PostgreSQL %v refused %v", tableCounts(a), refusedIDs(a), tableCounts(b), refusedIDs(b))
	}
	rb := paramRows(t, pg.SQL, "3.0-3.2")
	sameRows(t, "3.0-3.2 shape", paramRows(t, my.SQL, "3.0-3.2"), rb)
	t.Logf("3.0-3.2 shape: %d rows changed on both engines, %d rows compared", changed(b), len(rb))
}

// findings runs verify and lists its findings as sorted text.
func findings(t *testing.T, ctx context.Context, db *sql.DB) []string {
	t.Helper()
	var out []string
	_, err := verify.Run(ctx, db, verify.Options{OnFinding: func(f verify.Finding) error {
		out = append(out, f.Rule+" "+f.Severity+" "+f.Ref()+": "+f.Message)
		return nil
	}})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	sort.Strings(out)
	return out
}

// TestKillNineOnPostgres kills `dsmigrate upgrade` on PostgreSQL with
// SIGKILL at random moments (5 times), reruns it to completion, and compares
// with an uninterrupted run on the same data; rollback then restores every
// DS table byte-exact.
func TestKillNineOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	rng := testenv.CrashRand(t)
	bin := testenv.BuildCLI(t)
	const n, batch = 3000, "200"
	gen := func() *dbtest.DB {
		db := realCataloguePG(t)
		if _, err := fixtures.Generate(context.Background(), db.SQL, fixtures.GenOptions{
			Instances: n, Commands: n, ErrorCommands: n / 20, Seed: 11}); err != nil {
			t.Fatal(err)
		}
		return db
	}
	clean := gen()
	started := time.Now()
	if _, err := backfill.Run(context.Background(), clean.SQL, backfill.Options{BatchSize: 200}); err != nil {
		t.Fatal(err)
	}
	full := time.Since(started)

	crashed := gen()
	original := dbtest.PGTableDigests(t, crashed)
	kills := 0
	for attempt := 0; kills < 5 && attempt < 40; attempt++ {
		delay := time.Duration(rng.Int64N(int64(full/8))) + 20*time.Millisecond
		killed, _, _ := testenv.KillAfter(bin, delay, "upgrade", "--dsn", crashed.DSN(), "--batch-size", batch, "--progress=false")
		if killed {
			kills++
		}
	}
	if kills < 5 {
		t.Fatalf("only %d kills landed while upgrade ran", kills)
	}
	runCLI(t, bin, crashed.DSN())
	want := dbtest.PGTableDigests(t, clean)
	if got := dbtest.PGTableDigests(t, crashed); !reflect.DeepEqual(got, want) {
		for table := range want {
			if got[table] != want[table] {
				t.Errorf("%s differs from the uninterrupted run's", table)
			}
		}
	}
	if again := runCLI(t, bin, crashed.DSN()); changed(again) != 0 {
		t.Errorf("a second complete run changed %d rows", changed(again))
	}
	if _, err := ledger.Rollback(context.Background(), crashed.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := dbtest.PGTableDigests(t, crashed); !reflect.DeepEqual(got, original) {
		t.Error("rollback after the crashes did not restore the original tables")
	}
	t.Logf("%d kills on PostgreSQL (uninterrupted run %v); result and rollback byte-exact", kills, full)
}
