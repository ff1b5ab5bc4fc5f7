package ledger_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
)

// TestRollbackAfterDSScripts follows the README's two-step flow on DS's real
// 2.0.9 DDL: upgrade on 2.0, DS's own scripts to 3.3.0 (which rename tables
// and columns), then rollback. Every backed-up value must be back under its
// 3.3 name, the created rows gone and the removed rows back.
func TestRollbackAfterDSScripts(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	run := *upgrade(t, db, backfill.Options{}).RunID
	db.UpgradeDS(t, "3.3.0")
	s, err := schema.Detect(ctx, db.SQL)
	if err != nil || s.Shape != schema.Shape33 {
		t.Fatalf("after DS's scripts: shape %v (%v)", s.Shape, err)
	}
	sum := rollback(t, db, ledger.RollbackOptions{})
	if len(sum.Runs) != 1 || sum.Runs[0] != run {
		t.Fatalf("runs rolled back %v, want [%d]", sum.Runs, run)
	}
	rows, err := db.SQL.Query(`SELECT DISTINCT table_name, column_name, action FROM dsmigrate_backup WHERE run_id = ?`, run)
	if err != nil {
		t.Fatal(err)
	}
	type group struct{ table, column, action string }
	var groups []group
	for rows.Next() {
		var g group
		rows.Scan(&g.table, &g.column, &g.action)
		groups = append(groups, g)
	}
	rows.Close()
	renamed := false
	for _, g := range groups {
		l := schema.LogicalTable(g.table)
		table := s.Table(l)
		renamed = renamed || table != g.table
		var query string
		switch g.action {
		case ledger.ActionUpdated:
			col := s.Column(l, schema.LogicalColumn(l, g.column))
			renamed = renamed || col != g.column
			query = fmt.Sprintf("SELECT COUNT(*) FROM dsmigrate_backup b JOIN `%s` t ON t.id = b.row_id WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = 'updated' AND NOT (SHA1(t.`%s`) <=> b.checksum)", table, col)
		case ledger.ActionCreated:
			query = fmt.Sprintf("SELECT COUNT(*) FROM dsmigrate_backup b JOIN `%s` t ON t.id = b.row_id WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = 'created'", table)
		case ledger.ActionRemoved:
			query = fmt.Sprintf("SELECT COUNT(*) FROM dsmigrate_backup b LEFT JOIN `%s` t ON t.id = b.row_id WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = 'removed' AND t.id IS NULL", table)
		}
		if n := queryInt(t, db.SQL, query, run, g.table, g.column); n != 0 {
			t.Errorf("%s %s.%s: %d rows not back as they were (now %s)", g.action, g.table, g.column, n, table)
		}
	}
	if !renamed {
		t.Error("nothing the run backed up was renamed by DS's scripts: the test proves nothing")
	}
}
