package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// upgraded returns the catalogue after one upgrade through the CLI.
func upgraded(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := dsm(t, "upgrade", "--dsn", db.DSN(), "--progress=false"); code != exitFindings {
		t.Fatalf("upgrade: exit %d (%s); the catalogue has refused rows, want 1", code, errOut)
	}
	return db
}

// TestStatusNamesWhatNeedsAction breaks the ledger and the schema path the
// ways seen in the field; status must name each state with the command
// that clears it, and exit 1.
func TestStatusNamesWhatNeedsAction(t *testing.T) {
	cases := []struct {
		name, fix string
		breakIt   []string
	}{
		{"stuck rolling_back", "dsmigrate rollback", []string{"UPDATE dsmigrate_run SET state = 'rolling_back'"}},
		{"backup table dropped", "restore them from your database backup", []string{"DROP TABLE dsmigrate_backup"}},
		{"schema path dirty", "dsmigrate upgrade --to 3.3.0", []string{
			"CREATE TABLE dsmigrate_schema_path_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)",
			"INSERT INTO dsmigrate_schema_path_migrations VALUES (89, 1)"}},
		{"schema path half applied", "dsmigrate upgrade --to 3.3.0", []string{
			"CREATE TABLE dsmigrate_schema_path_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)",
			"INSERT INTO dsmigrate_schema_path_migrations VALUES (89, 0)"}},
		{"schema half renamed", "finishes the renames", []string{"RENAME TABLE t_ds_process_instance TO t_ds_workflow_instance"}},
		{"interrupted run", "resumes it from its checkpoints", []string{"UPDATE dsmigrate_run SET state = 'running'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := upgraded(t)
			if code, out, errOut := dsm(t, "status", "--dsn", db.DSN()); code != exitOK {
				t.Fatalf("status before: exit %d\n%s%s", code, out, errOut)
			}
			for _, q := range c.breakIt {
				db.Exec(t, q)
			}
			code, out, errOut := dsm(t, "status", "--dsn", db.DSN())
			if code != exitFindings || !strings.Contains(out, "NEEDS ACTION") || !strings.Contains(out, c.fix) {
				t.Errorf("status: exit %d, want 1 naming %q\n%s%s", code, c.fix, out, errOut)
			}
			code, out, _ = dsm(t, "status", "--dsn", db.DSN(), "--output", "json")
			var st struct {
				Problems []struct{ What, Fix string } `json:"problems"`
			}
			if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitFindings || len(st.Problems) == 0 {
				t.Errorf("status JSON: exit %d, %v\n%s", code, err, out)
			}
		})
	}
}

// TestStatusShowsSchemaPath: the schema path's state is shown even when
// nothing needs action.
func TestStatusShowsSchemaPath(t *testing.T) {
	db := upgraded(t)
	code, out, _ := dsm(t, "status", "--dsn", db.DSN(), "--output", "json")
	var st struct {
		SchemaPath struct {
			State   string `json:"state"`
			Pending int    `json:"pending"`
		} `json:"schema_path"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitOK {
		t.Fatalf("status: exit %d, %v\n%s", code, err, out)
	}
	if st.SchemaPath.State != "pending" || st.SchemaPath.Pending == 0 {
		t.Errorf("schema path on a 2.0 database: %+v, want pending with steps", st.SchemaPath)
	}
}

// TestRollbackMessages: --run of a run that does not exist, of a run rolled
// back already; the summary of a rollback in text and JSON.
func TestRollbackMessages(t *testing.T) {
	db := upgraded(t)
	code, _, errOut := dsm(t, "rollback", "--dsn", db.DSN(), "--run", "99")
	if code != exitUsage || !strings.Contains(errOut, "no run 99") {
		t.Errorf("rollback --run 99: exit %d, %q; want 2, no run 99", code, errOut)
	}
	code, out, errOut := dsm(t, "rollback", "--dsn", db.DSN(), "--output", "json")
	var sum struct {
		Runs   []int64 `json:"runs"`
		Tables map[string]struct {
			Restored   int64 `json:"restored"`
			Deleted    int64 `json:"deleted"`
			Reinserted int64 `json:"reinserted"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != exitOK {
		t.Fatalf("rollback: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if len(sum.Runs) != 1 || sum.Runs[0] != 1 || sum.Tables["command"].Restored == 0 || sum.Tables["instance"].Deleted == 0 {
		t.Errorf("rollback summary %s", out)
	}
	code, _, errOut = dsm(t, "rollback", "--dsn", db.DSN(), "--run", "1")
	if code != exitFindings || !strings.Contains(errOut, "run 1 is rolled back already") {
		t.Errorf("rollback --run 1 again: exit %d, %q; want 1, rolled back already", code, errOut)
	}
	// Upgrade again, then roll back as text: the heading names the run.
	dsm(t, "upgrade", "--dsn", db.DSN(), "--progress=false")
	code, out, _ = dsm(t, "rollback", "--dsn", db.DSN())
	if code != exitOK || !strings.Contains(out, "Rolled back run 2") || !strings.Contains(out, "ROWS RESTORED") {
		t.Errorf("rollback text: exit %d\n%s", code, out)
	}
}

// TestRollbackRefusalExits1: a tampered backup is refused with exit 1 and
// nothing written.
func TestRollbackRefusalExits1(t *testing.T) {
	db := upgraded(t)
	db.Exec(t, `UPDATE dsmigrate_backup SET table_name = 't_ds_user', column_name = 'user_password', row_id = 1 WHERE action = 'updated' ORDER BY id LIMIT 1`)
	before := dbtest.DSChecksums(t, db)
	code, _, errOut := dsm(t, "rollback", "--dsn", db.DSN())
	if code != exitFindings || !strings.Contains(errOut, "t_ds_user.user_password") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("rollback of a tampered ledger: exit %d, %q", code, errOut)
	}
	after := dbtest.DSChecksums(t, db)
	for table, sum := range before {
		if after[table] != sum {
			t.Errorf("refused rollback changed %s", table)
		}
	}
}
