package main

import (
	"context"
	"database/sql"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// mariaDBOnly are the constructs MySQL 5.7 or 8.0 refuse (or read
// differently), checked on statement text with string literals blanked.
var mariaDBOnly = []struct {
	name string
	re   *regexp.Regexp
}{
	{"GROUP_CONCAT … LIMIT (MariaDB 10.3+ only)", regexp.MustCompile(`(?is)GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\bLIMIT\b`)},
	{"window function (none in MySQL 5.7)", regexp.MustCompile(`(?is)\bOVER\s*\(|\b(ROW_NUMBER|DENSE_RANK|PERCENT_RANK|CUME_DIST|NTILE|LAG|LEAD|FIRST_VALUE|LAST_VALUE|NTH_VALUE)\s*\(`)},
	{"WITH / common table expression (none in MySQL 5.7)", regexp.MustCompile(`(?is)^\s*\(?\s*WITH\b|\(\s*WITH\s+(RECURSIVE\s+)?\w+\s+AS\b`)},
	{"RETURNING (MariaDB only)", regexp.MustCompile(`(?is)\bRETURNING\b`)},
	{"sequence object (MariaDB only)", regexp.MustCompile(`(?is)\b(NEXTVAL|LASTVAL|SETVAL)\s*\(|\bNEXT\s+VALUE\s+FOR\b|\bCREATE\s+(OR\s+REPLACE\s+)?SEQUENCE\b|\bseq_\d+_to_\d+\b`)},
	{"IF [NOT] EXISTS on a column or index (MariaDB only)", regexp.MustCompile(`(?is)\b(ADD|DROP|CHANGE|MODIFY)\s+(COLUMN\s+|INDEX\s+|KEY\s+|UNIQUE\s+(INDEX\s+|KEY\s+)?)?IF\s+(NOT\s+)?EXISTS\b|\bCREATE\s+(UNIQUE\s+)?INDEX\s+IF\s+NOT\s+EXISTS\b`)},
	{"JSON_TABLE (none in MySQL 5.7)", regexp.MustCompile(`(?is)\bJSON_TABLE\s*\(`)},
	{"MariaDB-only or MySQL-8-only function", regexp.MustCompile(`(?is)\b(JSON_VALUE|JSON_QUERY|JSON_EXISTS|JSON_DETAILED|JSON_PRETTY|JSON_COMPACT|JSON_LOOSE|JSON_NORMALIZE|JSON_EQUALS|JSON_OVERLAPS|REGEXP_SUBSTR|REGEXP_REPLACE|REGEXP_INSTR|SFORMAT|NATURAL_SORT_KEY|COLUMN_GET|COLUMN_CREATE|DECODE_HISTOGRAM|KDF)\s*\(`)},
	{"CREATE OR REPLACE TABLE / EXCEPT / INTERSECT / OFFSET … FETCH (MariaDB only)", regexp.MustCompile(`(?is)\bCREATE\s+OR\s+REPLACE\s+TABLE\b|\b(EXCEPT|INTERSECT)\s+(ALL\s+|DISTINCT\s+)?SELECT\b|\bFETCH\s+(FIRST|NEXT)\b`)},
	{"MariaDB executable comment or WAIT/NOWAIT DDL", regexp.MustCompile(`(?s)/\*M!|(?i)\bALTER\s+TABLE\s+\S+\s+(WAIT\s+\d+|NOWAIT)\b`)},
}

// pendingFixes are MariaDB-only statements another change removes in
// parallel: each is tolerated only while it is still sent, and the test
// fails once it is gone so that the entry is deleted with it.
var pendingFixes = []struct{ construct, prefix, why string }{}

// literals matches string literals, blanked before the checks (row data is
// not SQL); go-sql-driver interpolates with backslash escapes unless the
// session has NO_BACKSLASH_ESCAPES, where it doubles quotes: both handled.
var literals = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'`)

// statementCheck returns the MariaDB-only constructs in one statement.
func statementCheck(stmt string) []string {
	bare := literals.ReplaceAllString(stmt, "''")
	var hits []string
	for _, c := range mariaDBOnly {
		if c.re.MatchString(bare) {
			hits = append(hits, c.name)
		}
	}
	return hits
}

func TestStatementCheckCatchesMariaDBOnlySQL(t *testing.T) {
	bad := []string{
		"SELECT GROUP_CONCAT(id ORDER BY id SEPARATOR ',' LIMIT 50) FROM t",
		"SELECT id, ROW_NUMBER() OVER (PARTITION BY a ORDER BY id) FROM t",
		"WITH x AS (SELECT 1) SELECT * FROM x",
		"INSERT INTO t (a) VALUES (1) RETURNING id",
		"SELECT NEXTVAL(s)", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT", "ALTER TABLE t DROP INDEX IF EXISTS i",
		"CREATE INDEX IF NOT EXISTS i ON t (a)", "SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) j",
		"SELECT JSON_VALUE(p, '$.a') FROM t", "SELECT * FROM seq_1_to_10", "CREATE OR REPLACE TABLE t (a INT)",
	}
	for _, s := range bad {
		if len(statementCheck(s)) == 0 {
			t.Errorf("not caught: %s", s)
		}
	}
	good := []string{
		"SELECT SUBSTRING_INDEX(GROUP_CONCAT(id ORDER BY id SEPARATOR ','), ',', 50) FROM t GROUP BY a",
		"CREATE TABLE IF NOT EXISTS dsmigrate_run (id BIGINT)", "DROP TABLE IF EXISTS x",
		"INSERT INTO t (p) VALUES ('{\"with\":\"ROW_NUMBER() OVER (x) RETURNING\"}')",
		"INSERT INTO t (p) VALUES ('it''s WITH a AS (b)')", "SELECT GET_LOCK('dsmigrate:x', 0)",
	}
	for _, s := range good {
		if hits := statementCheck(s); len(hits) != 0 {
			t.Errorf("false alarm %v: %s", hits, s)
		}
	}
}

// generalLog turns on MariaDB's general query log to a table for the test
// (the test server is our own, scripts/db-up.sh) and returns a function
// giving every statement sent, since the call, by connections opened on
// database db — the tool's own connections, not the test's earlier ones.
func generalLog(t *testing.T, admin *sql.DB, db string) func() []string {
	t.Helper()
	var output string
	var on int
	admin.QueryRow("SELECT @@GLOBAL.log_output, @@GLOBAL.general_log").Scan(&output, &on)
	for _, s := range []string{"SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = 1"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	t.Cleanup(func() {
		admin.Exec("SET GLOBAL general_log = ?", on)
		admin.Exec("SET GLOBAL log_output = ?", output)
	})
	var since time.Time
	if err := admin.QueryRow("SELECT NOW(6)").Scan(&since); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		rows, err := admin.Query(`SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log
WHERE event_time >= ? AND command_type IN ('Query', 'Execute', 'Prepare') AND thread_id IN (
  SELECT thread_id FROM mysql.general_log WHERE event_time >= ? AND command_type = 'Connect' AND argument LIKE ?)
ORDER BY event_time`, since, since, "% on "+db+" %")
		if err != nil {
			t.Fatalf("read general_log: %v", err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
}

// TestEveryStatementRunsOnMySQL records every statement dsmigrate sends
// during inspect, plan, upgrade, verify, status, rollback and repair on the
// catalogue (DS's real 2.0.9 DDL) and on a #16878 repair case (DS 3.3.0), and
// fails on any construct MySQL 5.7 or 8.0 refuse. The `--to` schema path is
// not run here (it refuses off MariaDB up front).
func TestEveryStatementRunsOnMySQL(t *testing.T) {
	ctx := context.Background()
	cat := dbtest.New(t)
	cat.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(ctx, cat.SQL); err != nil {
		t.Fatal(err)
	}
	rep := repairCase(t)
	steps := []struct {
		db   *dbtest.DB
		args []string
	}{
		{cat, []string{"inspect"}}, {cat, []string{"plan"}}, {cat, []string{"upgrade", "--orphans", "finalize"}},
		{cat, []string{"verify"}}, {cat, []string{"status"}}, {cat, []string{"rollback"}},
		{rep, []string{"repair"}}, {rep, []string{"repair", "--apply", "--resubmit", "4"}}, {rep, []string{"upgrade"}},
		{rep, []string{"verify"}}, {rep, []string{"status"}}, {rep, []string{"rollback"}},
	}
	logs := map[*dbtest.DB]func() []string{cat: generalLog(t, cat.SQL, cat.Name), rep: generalLog(t, rep.SQL, rep.Name)}
	for _, s := range steps {
		if code, _, errOut := dsm(t, append(s.args, "--dsn", s.db.DSN())...); code > exitFindings {
			t.Fatalf("%v: exit %d: %s", s.args, code, errOut)
		}
	}
	total, pendingSeen := 0, map[int]bool{}
	for db, read := range logs {
		stmts := read()
		total += len(stmts)
		for _, st := range stmts {
			for _, hit := range statementCheck(st) {
				if i := pendingFix(hit, st); i >= 0 {
					pendingSeen[i] = true
					continue
				}
				t.Errorf("%s in a statement sent to %s:\n  %s", hit, db.Name, abbreviate(st, 300))
			}
		}
	}
	for i, p := range pendingFixes {
		if !pendingSeen[i] {
			t.Errorf("pending fix no longer needed (%s): delete its pendingFixes entry", p.why)
		} else {
			t.Logf("still tolerated until its fix is merged: %s (%s)", p.construct, p.why)
		}
	}
	if total < 100 {
		t.Fatalf("only %d statements recorded; the recorder is not seeing the tool", total)
	}
	t.Logf("%d statements checked", total)
}

// pendingFix is the index of the pendingFixes entry excusing hit in st, or -1.
func pendingFix(hit, st string) int {
	for i, p := range pendingFixes {
		if p.construct == hit && strings.HasPrefix(strings.TrimSpace(st), p.prefix) {
			return i
		}
	}
	return -1
}

// repairCase is TestRepairCLI's database: an instance at 18 with its typed
// failover command in t_ds_error_command, and 2.0.9 error rows to resubmit.
func repairCase(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	base, err := os.ReadFile("../../repair/testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(base))
	db.Exec(t, `INSERT INTO t_ds_error_command (id, command_type, executor_id, process_definition_code, process_definition_version, process_instance_id,
  command_param, message, update_time, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group) VALUES
(4, 7, 1, 10002, 0, 0, '{"ProcessInstanceId":3}', 'rerun failed', '2024-03-01 10:00:00', 2, 1, 0, 2, NULL)`)
	db.UpgradeDS(t, "3.3.0")
	db.Exec(t, `UPDATE t_ds_workflow_instance SET state = 18 WHERE id = 1`)
	return db
}

func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
