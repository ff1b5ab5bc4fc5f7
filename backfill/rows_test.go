package backfill_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// emojiParam is a legacy param whose StartParams carry an escaped emoji: the
// transform decodes it, and DS's utf8 (3-byte) columns cannot hold it raw.
const emojiParam = `{"StartParams":"{\"msg\":\"\\ud83d\\ude00\"}"}`

func copyRow(t *testing.T, db *dbtest.DB, table string, from, to int64, set string, args ...any) {
	t.Helper()
	db.Exec(t, "CREATE TEMPORARY TABLE tmp_copy AS SELECT * FROM "+table+" WHERE id = ?", from)
	db.Exec(t, "UPDATE tmp_copy SET id = ?"+set, append([]any{to}, args...)...)
	db.Exec(t, "INSERT INTO "+table+" SELECT * FROM tmp_copy")
	db.Exec(t, "DROP TEMPORARY TABLE tmp_copy")
}

func column(t *testing.T, db *dbtest.DB, query string, args ...any) string {
	t.Helper()
	var v string
	if err := db.SQL.QueryRow(query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

func TestEmojiParamConvertsIntoUTF8Column(t *testing.T) {
	db := catalogue(t)
	db.SQL.SetMaxOpenConns(1) // the temporary table lives on one connection
	if cs := column(t, db, "SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't_ds_process_instance' AND COLUMN_NAME = 'command_param'"); !strings.HasPrefix(cs, "utf8") || cs == "utf8mb4" {
		t.Fatalf("fixture column charset %s, want DS's utf8", cs)
	}
	copyRow(t, db, "t_ds_process_instance", 3, 900, ", command_param = ?", emojiParam)
	copyRow(t, db, "t_ds_command", 2, 900, ", command_param = ?", emojiParam) // a new-instance command: creates an instance
	db.SQL.SetMaxOpenConns(0)

	plan, err := backfill.Run(context.Background(), db.SQL, backfill.Options{DryRun: true, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range plan.Refused {
		if r.ID == 900 {
			t.Errorf("plan refuses %s 900: %s", r.Table, r.Reason)
		}
	}
	sum := upgrade(t, db, backfill.Options{BatchSize: 7})
	for _, r := range sum.Refused {
		if r.ID == 900 {
			t.Errorf("upgrade refuses %s 900: %s", r.Table, r.Reason)
		}
	}
	got := column(t, db, "SELECT command_param FROM t_ds_process_instance WHERE id = 900")
	created := column(t, db, "SELECT i.command_param FROM t_ds_process_instance i JOIN t_ds_command c ON c.process_instance_id = i.id WHERE c.id = 900")
	for name, p := range map[string]string{"instance 900": got, "instance created for command 900": created} {
		if !strings.Contains(p, `\ud83d\ude00`) {
			t.Errorf("%s: param %s does not keep the emoji as an escape", name, p)
		}
		if v := gjson.Get(p, `commandParams.#(prop=="msg").value`).String(); v != "😀" {
			t.Errorf("%s: param %s: msg parses to %q, want the emoji", name, p, v)
		}
	}
	if _, err := backfill.Rollback(context.Background(), db.SQL, backfill.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if p := column(t, db, "SELECT command_param FROM t_ds_process_instance WHERE id = 900"); p != emojiParam {
		t.Errorf("rollback: param %s, want %s", p, emojiParam)
	}
}
