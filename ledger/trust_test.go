package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/ledger"
)

// TestRollbackRefusesTamperedLedger edits the ledger the ways a careless or
// hostile operator could; rollback must refuse naming what is wrong, write
// nothing to the DS tables and mark no run.
func TestRollbackRefusesTamperedLedger(t *testing.T) {
	cases := []struct {
		name, tamper, mention string
	}{
		{"backup retargeted at a password",
			`UPDATE dsmigrate_backup SET table_name = 't_ds_user', column_name = 'user_password', row_id = 1
			 WHERE action = 'updated' ORDER BY id LIMIT 1`, "t_ds_user.user_password"},
		{"original edited",
			`UPDATE dsmigrate_backup SET original = 'tampered' WHERE action = 'updated' AND table_name = 't_ds_command' ORDER BY id LIMIT 1`,
			"do not match their checksum: rows"},
		{"backup row deleted",
			`DELETE FROM dsmigrate_backup WHERE action = 'updated' AND table_name = 't_ds_command' ORDER BY id LIMIT 1`,
			`"updated" records of t_ds_command`},
		{"created-row record deleted",
			`DELETE FROM dsmigrate_backup WHERE action = 'created' ORDER BY id LIMIT 1`, `"created" records`},
		{"removed-row record deleted",
			`DELETE FROM dsmigrate_backup WHERE action = 'removed' ORDER BY id LIMIT 1`, `"removed" records of t_ds_command`},
		{"ledger table dropped", `DROP TABLE dsmigrate_written`, "ledger tables missing: dsmigrate_written"},
		// Pointing a backup at another row keeps its checksum valid and the
		// counts whole; the missing record of what the run wrote gives it away.
		{"backup re-pointed at a row the run never touched",
			`UPDATE dsmigrate_backup SET row_id = row_id + 1000000 WHERE action = 'updated' AND table_name = 't_ds_command' ORDER BY id LIMIT 1`,
			"no record of what the run wrote"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := generated(t, 5, 200)
			upgrade(t, db, backfill.Options{BatchSize: 50})
			db.Exec(t, c.tamper)
			after := dbtest.DSChecksums(t, db)
			_, err := ledger.Rollback(context.Background(), db.SQL, ledger.RollbackOptions{})
			if !errors.Is(err, ledger.ErrUntrusted) {
				t.Fatalf("rollback: %v, want ErrUntrusted", err)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("refusal does not name %q:\n%v", c.mention, err)
			}
			sameTables(t, db, after, "refused rollback")
			if n := queryInt(t, db.SQL, `SELECT COUNT(*) FROM dsmigrate_run WHERE state <> 'done'`); n != 0 {
				t.Errorf("refused rollback marked %d runs", n)
			}
		})
	}
}

// TestRollbackKeepsLaterChanges: a row DS changed after the upgrade keeps
// its new value and is listed; everything else goes back; --force then
// restores that row too, byte-exact.
func TestRollbackKeepsLaterChanges(t *testing.T) {
	ctx := context.Background()
	db := generated(t, 6, 200)
	original := dbtest.DSChecksums(t, db)
	sum := upgrade(t, db, backfill.Options{BatchSize: 50})
	id := queryInt(t, db.SQL, `SELECT MIN(row_id) FROM dsmigrate_backup WHERE run_id = ? AND table_name = 't_ds_command' AND column_name = 'command_param' AND action = 'updated'
  AND row_id NOT IN (SELECT row_id FROM dsmigrate_backup WHERE table_name = 't_ds_command' AND column_name <> 'command_param')`, *sum.RunID)
	var before string
	if err := db.SQL.QueryRow(`SELECT original FROM dsmigrate_backup WHERE row_id = ? AND table_name = 't_ds_command' AND column_name = 'command_param'`, id).Scan(&before); err != nil {
		t.Fatal(err)
	}
	db.Exec(t, `UPDATE t_ds_command SET command_param = '{"changed":"by DS"}', update_time = update_time WHERE id = ?`, id)

	rb, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{})
	if !errors.Is(err, ledger.ErrChangedSince) || rb == nil {
		t.Fatalf("rollback: %v, want ErrChangedSince with a summary", err)
	}
	if rb.ChangedSinceTotal != 1 || len(rb.ChangedSince) != 1 || rb.ChangedSince[0].ID != id || rb.ChangedSince[0].Table != "t_ds_command" {
		t.Fatalf("changed rows listed: %+v (total %d), want t_ds_command %d", rb.ChangedSince, rb.ChangedSinceTotal, id)
	}
	var now string
	db.SQL.QueryRow(`SELECT command_param FROM t_ds_command WHERE id = ?`, id).Scan(&now)
	if now != `{"changed":"by DS"}` {
		t.Errorf("the row changed since the run was overwritten: %s", now)
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{}); !errors.Is(err, ledger.ErrRollbackUnfinished) {
		t.Errorf("upgrade after a partial rollback: %v, want ErrRollbackUnfinished", err)
	}
	st, err := ledger.ReadStatus(ctx, db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Problems) != 1 || !strings.Contains(st.Problems[0].Fix, "--force") {
		t.Errorf("status problems %+v, want one naming rollback --force", st.Problems)
	}
	// Everything else is back: put the one row back by hand and compare.
	db.Exec(t, `UPDATE t_ds_command SET command_param = ?, update_time = update_time WHERE id = ?`, before, id)
	sameTables(t, db, original, "partial rollback plus the one row")
	db.Exec(t, `UPDATE t_ds_command SET command_param = '{"changed":"by DS"}', update_time = update_time WHERE id = ?`, id)

	forced := rollback(t, db, ledger.RollbackOptions{Force: true})
	if !forced.Forced || forced.ChangedSinceTotal != 1 {
		t.Errorf("forced rollback summary: forced %v, changed %d", forced.Forced, forced.ChangedSinceTotal)
	}
	sameTables(t, db, original, "forced rollback")
	if n := queryInt(t, db.SQL, `SELECT COUNT(*) FROM dsmigrate_run WHERE state <> 'rolled_back'`); n != 0 {
		t.Errorf("%d runs not rolled back after --force", n)
	}
}

// TestRollbackSummaryCounts: the summary counts rows restored, created rows
// deleted and removed rows re-inserted per table, and names every run.
func TestRollbackSummaryCounts(t *testing.T) {
	db := generated(t, 8, 200)
	first := upgrade(t, db, backfill.Options{BatchSize: 50})
	restored := queryInt(t, db.SQL, `SELECT COUNT(DISTINCT row_id) FROM dsmigrate_backup WHERE table_name = 't_ds_command' AND action = 'updated'`)
	created := queryInt(t, db.SQL, `SELECT COUNT(*) FROM dsmigrate_backup WHERE table_name = 't_ds_process_instance' AND action = 'created'`)
	removed := queryInt(t, db.SQL, `SELECT COUNT(DISTINCT row_id) FROM dsmigrate_backup WHERE table_name = 't_ds_command' AND action = 'removed'`)
	if restored == 0 || created == 0 || removed == 0 {
		t.Fatalf("dataset too tame: %d restored, %d created, %d removed", restored, created, removed)
	}
	// A second run that writes something: one converted command made legacy again.
	db.Exec(t, `UPDATE t_ds_command c JOIN dsmigrate_backup b ON b.row_id = c.id AND b.table_name = 't_ds_command'
  AND b.column_name = 'command_param' AND b.action = 'updated' SET c.command_param = b.original
WHERE b.id = (SELECT MIN(id) FROM dsmigrate_backup WHERE table_name = 't_ds_command' AND column_name = 'command_param' AND action = 'updated')`)
	second := upgrade(t, db, backfill.Options{BatchSize: 50})
	sum := rollback(t, db, ledger.RollbackOptions{})
	if len(sum.Runs) != 2 || sum.Runs[0] != *second.RunID || sum.Runs[1] != *first.RunID {
		t.Errorf("runs rolled back %v, want [%d %d]", sum.Runs, *second.RunID, *first.RunID)
	}
	cmd, inst := sum.Tables["command"], sum.Tables["instance"]
	if cmd == nil || inst == nil || cmd.Restored < restored || cmd.Reinserted < removed || inst.Deleted < created {
		t.Errorf("summary %+v %+v, want ≥ %d restored, %d re-inserted commands, %d instances deleted", cmd, inst, restored, removed, created)
	}
	var text strings.Builder
	sum.WriteText(&text)
	if !strings.Contains(text.String(), "Rolled back runs 2, 1") {
		t.Errorf("heading for two runs:\n%s", text.String())
	}
}

// TestLedgerOfAnOlderRelease: a ledger an older dsmigrate wrote (migrations
// 1–4, no owner, counts or written checksums) needs no action in status,
// and rollback still restores its runs byte-exact.
func TestLedgerOfAnOlderRelease(t *testing.T) {
	ctx := context.Background()
	db := generated(t, 9, 100)
	original := dbtest.DSChecksums(t, db)
	upgrade(t, db, backfill.Options{BatchSize: 50})
	db.Exec(t, "DROP TABLE dsmigrate_run_owner, dsmigrate_backup_count, dsmigrate_written")
	db.Exec(t, "UPDATE dsmigrate_schema_migrations SET version = 4")
	db.Exec(t, "DELETE FROM dsmigrate_migration_checksum WHERE set_name = 'ledger' AND version > 4")
	st, err := ledger.ReadStatus(ctx, db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Problems) != 0 {
		t.Errorf("status of an older release's ledger: %+v, want nothing to do", st.Problems)
	}
	rollback(t, db, ledger.RollbackOptions{})
	sameTables(t, db, original, "rollback of an older release's run")
}
