package backfill_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/oracle"
)

// realCatalogue loads DS's real 2.0.9 DDL and the catalogue fixture.
func realCatalogue(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBothOrdersOnTheRealSchema: (a) dsmigrate on 2.0.9, then DS's own
// scripts to 3.3.0, then dsmigrate again; (b) DS's scripts first, then
// dsmigrate. Both must leave params a 3.3 master parses, and the same rows.
func TestBothOrdersOnTheRealSchema(t *testing.T) {
	ctx := context.Background()
	a := realCatalogue(t)
	firstA := upgrade(t, a, backfill.Options{})
	a.UpgradeDS(t, "3.3.0")
	secondA := upgrade(t, a, backfill.Options{})
	// What the second run wrote is exactly what its backup holds.
	rows, err := a.SQL.Query(`SELECT DISTINCT table_name, column_name, action FROM dsmigrate_backup WHERE run_id = ?`, *secondA.RunID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, column, action string
		rows.Scan(&table, &column, &action)
		if column != "test_flag" || action != "updated" {
			t.Errorf("(a) second upgrade after DS's scripts %s %s.%s; only the 3.x columns (test_flag) should need work", action, table, column)
		}
	}
	rows.Close()
	t.Logf("(a) second upgrade changed %v", tableCounts(secondA))

	b := realCatalogue(t)
	b.UpgradeDS(t, "3.3.0")
	onlyB := upgrade(t, b, backfill.Options{})

	for name, db := range map[string]*dbtest.DB{"a": a, "b": b} {
		refused := refusedSet(firstA)
		if name == "b" {
			refused = refusedSet(onlyB)
		}
		checkWithOracle(t, name, db, refused)
	}
	diffRows(t, a.SQL, b.SQL)
	_ = ctx
}

func tableCounts(s *backfill.Summary) map[string]int64 {
	out := map[string]int64{}
	for name, t := range s.Tables {
		out[name] = t.Changed
	}
	return out
}

func refusedSet(s *backfill.Summary) map[string]bool {
	out := map[string]bool{}
	for _, r := range s.Refused {
		out[oracle.Key(r.Table, r.ID)] = true
	}
	return out
}

// expectedClass is the ICommandParam subtype a param of that command type
// must parse as ("" = the param must be NULL: 3.3 ignores it).
var expectedClass = map[int64]string{
	0: "RunWorkflowCommandParam", 6: "ScheduleWorkflowCommandParam", 5: "BackfillWorkflowCommandParam",
	2: "WorkflowFailoverCommandParam", 3: "", 4: "", 7: "",
}

// checkWithOracle sends every instance and command param left in the
// database (3.3 shape) to the oracle: each must parse, as the subtype its
// command type calls for; refused rows are skipped.
func checkWithOracle(t *testing.T, name string, db *dbtest.DB, refused map[string]bool) {
	t.Helper()
	type row struct {
		table string
		id    int64
		typ   sql.NullInt64
		param sql.NullString
		hist  sql.NullString
	}
	var rows []row
	for table, query := range map[string]string{
		"instance": "SELECT id, command_type, command_param, history_cmd FROM t_ds_workflow_instance",
		"command":  "SELECT id, command_type, command_param, NULL FROM t_ds_command",
		// Commands dsmigrate retired are never resubmitted: their params stay as they were.
		"error_command": "SELECT id, command_type, command_param, NULL FROM t_ds_error_command WHERE message IS NULL OR message NOT LIKE 'retired by dsmigrate:%'",
	} {
		rs, err := db.SQL.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			r := row{table: table}
			if err := rs.Scan(&r.id, &r.typ, &r.param, &r.hist); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		rs.Close()
	}
	var cases []oracle.Case
	for _, r := range rows {
		c := oracle.Case{Key: oracle.Key(r.table, r.id)}
		if r.param.Valid {
			c.Param = &r.param.String
		}
		cases = append(cases, c)
	}
	verdicts := oracle.Parse(t, cases)
	checked := 0
	for _, r := range rows {
		key := oracle.Key(r.table, r.id)
		if refused[key] {
			continue
		}
		v := verdicts[key]
		checked++
		switch {
		case r.table == "instance":
			want := "RunWorkflowCommandParam"
			if first, _, _ := strings.Cut(r.hist.String, ","); first == "SCHEDULER" {
				want = "ScheduleWorkflowCommandParam"
			} else if first == "COMPLEMENT_DATA" {
				want = "BackfillWorkflowCommandParam"
			}
			if !v.OK() || v.Type != want {
				t.Errorf("(%s) %s: oracle %s %s (%s), want %s; param %.120s", name, key, v.Outcome, v.Type, v.Error, want, r.param.String)
			}
		case r.table == "command":
			want, known := expectedClass[r.typ.Int64]
			if !known {
				t.Errorf("(%s) %s: command type %d has no 3.3 handler and is still pending", name, key, r.typ.Int64)
			} else if want == "" && r.param.Valid {
				t.Errorf("(%s) %s: type %d should carry a NULL param, has %.120s", name, key, r.typ.Int64, r.param.String)
			} else if want != "" && (!v.OK() || v.Type != want) {
				t.Errorf("(%s) %s: oracle %s %s (%s), want %s", name, key, v.Outcome, v.Type, v.Error, want)
			}
		default: // error commands of a type a 3.3 master handles: any param left must be typed (V09)
			if want, known := expectedClass[r.typ.Int64]; known && want != "" && r.param.Valid && !v.OK() {
				t.Errorf("(%s) %s: error command param does not parse: %s; %.120s", name, key, v.Error, r.param.String)
			}
		}
	}
	t.Logf("(%s) %d params checked with the oracle, %d refused rows skipped", name, checked, len(refused))
}

// mayDiffer lists the columns whose values legitimately differ between the
// two orders, and why.
var mayDiffer = map[string]string{
	// DS's own 3.2.0 data step (UPDATE … WHERE project_code IS NULL) bumps
	// ON UPDATE update_time at the moment it runs, in both orders.
	"t_ds_workflow_instance.update_time": "set to now by DS's upgrade scripts",
}

// diffRows compares the DS command-data tables of two databases row by row
// over their common columns.
func diffRows(t *testing.T, a, b *sql.DB) {
	t.Helper()
	for _, table := range []string{"t_ds_workflow_instance", "t_ds_command", "t_ds_error_command", "t_ds_task_instance"} {
		ra, rb := dumpTable(t, a, table), dumpTable(t, b, table)
		if len(ra) != len(rb) {
			t.Errorf("%s: %d rows in (a), %d in (b)", table, len(ra), len(rb))
		}
		shown := 0
		for id, rowA := range ra {
			rowB, ok := rb[id]
			if !ok {
				t.Errorf("%s id %s only in (a)", table, id)
				continue
			}
			for col, va := range rowA {
				if mayDiffer[table+"."+col] != "" {
					continue
				}
				if vb, ok := rowB[col]; ok && va != vb && shown < 20 {
					shown++
					t.Errorf("%s id %s column %s: (a) %.80q, (b) %.80q", table, id, col, va, vb)
				}
			}
		}
	}
}

func dumpTable(t *testing.T, db *sql.DB, table string) map[string]map[string]string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := map[string]map[string]string{}
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, c := range cols {
			row[c] = fmt.Sprint(vals[i].Valid, ":", vals[i].String)
		}
		out[row["id"]] = row
	}
	return out
}

var _ = sort.Strings
