package backfill_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/ledger"
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
	if again := upgrade(t, db, backfill.Options{BatchSize: 7}); changed(again) != 0 {
		t.Errorf("a second upgrade changed %d rows: the escaped param is not stable", changed(again))
	}
	if _, err := ledger.Rollback(context.Background(), db.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if p := column(t, db, "SELECT command_param FROM t_ds_process_instance WHERE id = 900"); p != emojiParam {
		t.Errorf("rollback: param %s, want %s", p, emojiParam)
	}
}

// createdIDs lists the ids the run recorded as created in a table.
func createdIDs(t *testing.T, db *dbtest.DB, table string) []int64 {
	t.Helper()
	rows, err := db.SQL.Query("SELECT row_id FROM dsmigrate_backup WHERE action = 'created' AND table_name = ? ORDER BY row_id", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func allDone(t *testing.T, db *dbtest.DB) {
	t.Helper()
	var open int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM dsmigrate_checkpoint WHERE done = 0").Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open != 0 {
		t.Errorf("%d checkpoints not done", open)
	}
}

// An instance with the largest INT id leaves no id for the instances
// new-instance commands need: those commands are refused, the rest converts.
func TestIntMaxInstanceIDRefusesOnlyTheRowsThatNeedIDs(t *testing.T) {
	db := catalogue(t)
	plan, err := backfill.Run(context.Background(), db.SQL, backfill.Options{DryRun: true, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Actions.InstancesCreated == 0 {
		t.Fatal("the catalogue creates no instance: nothing to test")
	}
	db.SQL.SetMaxOpenConns(1)
	copyRow(t, db, "t_ds_process_instance", 1, 2147483647, "")
	db.SQL.SetMaxOpenConns(0)
	sum := upgrade(t, db, backfill.Options{BatchSize: 7})
	allDone(t, db)
	noIDs := 0
	for _, r := range sum.Refused {
		if strings.Contains(r.Reason, "2147483647") {
			noIDs++
			if r.Table != "command" || !strings.Contains(r.Reason, "cannot be created") {
				t.Errorf("%s %d: %s", r.Table, r.ID, r.Reason)
			}
		}
	}
	if int64(noIDs) != plan.Actions.InstancesCreated {
		t.Errorf("%d commands refused for want of ids, want the %d that need an instance", noIDs, plan.Actions.InstancesCreated)
	}
	if got, want := int64(len(sum.Refused)), int64(len(wantRefused))+plan.Actions.InstancesCreated; got != want {
		t.Errorf("%d rows refused, want %d: %v", got, want, refusedIDs(sum))
	}
	if n := len(createdIDs(t, db, "t_ds_process_instance")); n != 0 {
		t.Errorf("%d instances created above the INT range", n)
	}
}

// Ids DS handed to rows since deleted (the newest rows) are not reused.
func TestDeletedNewestRowsIDsAreNotReused(t *testing.T) {
	db := catalogue(t)
	db.SQL.SetMaxOpenConns(1)
	copyRow(t, db, "t_ds_process_instance", 1, 5000, "")
	copyRow(t, db, "t_ds_command", 1, 7000, "")
	db.SQL.SetMaxOpenConns(0)
	db.Exec(t, "DELETE FROM t_ds_process_instance WHERE id = 5000")
	db.Exec(t, "DELETE FROM t_ds_command WHERE id = 7000")
	sum := upgrade(t, db, backfill.Options{BatchSize: 7})
	instances, commands := createdIDs(t, db, "t_ds_process_instance"), createdIDs(t, db, "t_ds_command")
	if int64(len(instances)) != sum.Actions.InstancesCreated || len(instances) == 0 {
		t.Fatalf("created instances %v, summary says %d", instances, sum.Actions.InstancesCreated)
	}
	if instances[0] <= 5000 {
		t.Errorf("created instance ids %v reuse ids up to the deleted 5000", instances)
	}
	if len(commands) == 0 {
		t.Fatal("no command created: nothing to test")
	}
	if commands[0] <= 7000 {
		t.Errorf("created command ids %v reuse ids up to the deleted 7000", commands)
	}
}

// A row the server refuses (here a site trigger) is found by splitting its
// batch and refused with the server's message; every other row converts.
func TestDataErrorRefusesOnlyTheOffendingRow(t *testing.T) {
	clean := catalogue(t)
	want := upgrade(t, clean, backfill.Options{BatchSize: 7})

	db := catalogue(t)
	db.Exec(t, `CREATE TRIGGER refuse_instance_3 BEFORE UPDATE ON t_ds_process_instance FOR EACH ROW
BEGIN
  IF NEW.id = 3 AND NOT (NEW.command_param <=> OLD.command_param) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'instance 3 is frozen by site policy';
  END IF;
END`)
	before := column(t, db, "SELECT command_param FROM t_ds_process_instance WHERE id = 3")
	sum := upgrade(t, db, backfill.Options{BatchSize: 7})
	allDone(t, db)
	var reason string
	for _, r := range sum.Refused {
		if r.Table == "instance" && r.ID == 3 {
			reason = r.Reason
		}
	}
	if !strings.Contains(reason, "1644") || !strings.Contains(reason, "instance 3 is frozen by site policy") {
		t.Errorf("instance 3 refused with %q, want the server's message", reason)
	}
	if got, want := refusedIDs(sum), sortedCopy(append([]string{"instance:3"}, wantRefused...)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("refused\n got %v\nwant %v", got, want)
	}
	if got, want := changed(sum), changed(want)-1; got != want {
		t.Errorf("changed %d rows, want %d (all but instance 3)", got, want)
	}
	if after := column(t, db, "SELECT command_param FROM t_ds_process_instance WHERE id = 3"); after != before {
		t.Errorf("instance 3 changed: %s → %s", before, after)
	}
	if sum.Tables["instance"].Scanned != want.Tables["instance"].Scanned {
		t.Errorf("instances scanned %d, want %d", sum.Tables["instance"].Scanned, want.Tables["instance"].Scanned)
	}
}

// Secrets in params never reach the samples of plan or dsmigrate_run.summary.
func TestSamplesNeverShowSecrets(t *testing.T) {
	db := catalogue(t)
	secrets := map[int64]string{
		901: `{"StartParams":"{\"pwd\":\"S3cret-901\",\"dt\":\"2024\"}"}`,
		902: `{"StartParams":"{\"api_key\":\"S3cret-902\"}"}`,
		903: `{"StartParams":"{\"auth\":\"Bearer S3cret-903\"}"}`,
		904: `{"StartParams":"{\"url\":\"jdbc:mysql://u:S3cret-904@h:3306/db\"}"}`,
		905: `{"StartParams":"{\"url\":\"jdbc:mysql://h/db?user=u&password=S3cret-905\"}"}`,
		906: `{"StartParams":"{\"conn\":\"user=u;password=S3cret-906;db=x\"}"}`,
		907: `{"StartParams":"{\"pa\\u0073sword\":\"S3cret-907\"}"}`,
	}
	db.SQL.SetMaxOpenConns(1)
	for id, p := range secrets {
		copyRow(t, db, "t_ds_process_instance", 3, id, ", command_param = ?", p)
	}
	db.SQL.SetMaxOpenConns(0)
	plan, err := backfill.Run(context.Background(), db.SQL, backfill.Options{DryRun: true, Samples: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := plan.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	upgrade(t, db, backfill.Options{Samples: 1000})
	stored := column(t, db, "SELECT summary FROM dsmigrate_run ORDER BY id DESC LIMIT 1")
	for id := range secrets {
		secret := "S3cret-" + strconv.FormatInt(id, 10)
		if !strings.Contains(out.String(), `"id": `+strconv.FormatInt(id, 10)) {
			t.Errorf("plan keeps no sample of instance %d: the test shows nothing", id)
		}
		for name, text := range map[string]string{"plan -o json": out.String(), "dsmigrate_run.summary": stored} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %s", name, secret)
			}
		}
	}
}

// Tables with DS's names but only an id column are no DS schema: upgrade
// refuses before it writes anything, the ledger included.
func TestSkeletonTablesAreUnknownAndNothingIsWritten(t *testing.T) {
	db := dbtest.New(t)
	for _, table := range []string{"t_ds_process_instance", "t_ds_command", "t_ds_error_command", "t_ds_task_instance", "t_ds_process_definition_log"} {
		db.Exec(t, "CREATE TABLE "+table+" (id INT PRIMARY KEY)")
	}
	db.Exec(t, "INSERT INTO t_ds_command VALUES (1)")
	_, err := backfill.Run(context.Background(), db.SQL, backfill.Options{})
	if !errors.Is(err, backfill.ErrShape) || !strings.Contains(err.Error(), "lacks columns dsmigrate reads") {
		t.Fatalf("upgrade on skeleton tables: %v, want ErrShape naming the missing columns", err)
	}
	if n := column(t, db, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'dsmigrate%'"); n != "0" {
		t.Errorf("%s dsmigrate tables created", n)
	}
}

// A heartbeat client_name is shown with its control characters escaped:
// terminal escape sequences in the database never reach the screen.
func TestHeartbeatClientNameIsPrintable(t *testing.T) {
	db := catalogue(t)
	db.Exec(t, `CREATE TABLE t_ds_jdbc_registry_client_heartbeat (id bigint NOT NULL PRIMARY KEY, client_name varchar(256) NOT NULL,
  last_heartbeat_time bigint NOT NULL, connection_config text NOT NULL)`)
	db.Exec(t, `INSERT INTO t_ds_jdbc_registry_client_heartbeat VALUES (1, ?, ?, '{}')`, "evil\x1b]0;pwned\x07\x1b[2Jhost\r\n", time.Now().UnixMilli())
	_, err := backfill.Run(context.Background(), db.SQL, backfill.Options{})
	if !errors.Is(err, backfill.ErrServicesAlive) {
		t.Fatalf("Run: %v, want ErrServicesAlive", err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\x1b\x07\r\n") || !strings.Contains(msg, `evil\x1b]0;pwned\a\x1b[2Jhost\r\n`) {
		t.Errorf("message %q: want the name with its control characters escaped", msg)
	}
}

// plan is a dry run of upgrade: on the same data its per-table, per-rule and
// per-action counts and its refused rows are upgrade's, although later passes
// see what earlier ones wrote (parked instances, retired commands, created
// instances).
func TestPlanCountsEqualUpgrades(t *testing.T) {
	for _, size := range []int{7, 1000, 300} {
		var db *dbtest.DB
		if size == 300 { // the catalogue plus generated rows: failovers, duplicates, orphans, bad params
			db = generated(t, 11, 3000)
		} else {
			db = catalogue(t)
		}
		plan, err := backfill.Run(context.Background(), db.SQL, backfill.Options{DryRun: true, BatchSize: size})
		if err != nil {
			t.Fatal(err)
		}
		sum := upgrade(t, db, backfill.Options{BatchSize: size})
		for name, up := range sum.Tables {
			if p := plan.Tables[name]; p == nil || *p != *up {
				t.Errorf("batch %d, %s: plan %+v, upgrade %+v", size, name, p, up)
			}
		}
		for name, up := range sum.Rules {
			if p := plan.Rules[name]; p == nil || p.Count != up.Count {
				t.Errorf("batch %d, rule %s: plan %v, upgrade %d", size, name, p, up.Count)
			}
		}
		if len(plan.Rules) != len(sum.Rules) {
			t.Errorf("batch %d: plan has %d rules, upgrade %d", size, len(plan.Rules), len(sum.Rules))
		}
		if plan.Actions != sum.Actions {
			t.Errorf("batch %d: actions: plan %+v, upgrade %+v", size, plan.Actions, sum.Actions)
		}
		if p, u := refusedIDs(plan), refusedIDs(sum); strings.Join(p, " ") != strings.Join(u, " ") {
			t.Errorf("batch %d: refused\n plan    %v\n upgrade %v", size, p, u)
		}
	}
}
