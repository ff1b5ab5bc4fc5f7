package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// tables lists the ledger's tables in the order of the ledger migrations
// that create them (table i comes with migration i+1).
var tables = []string{"dsmigrate_run", "dsmigrate_checkpoint", "dsmigrate_backup", "dsmigrate_refused",
	"dsmigrate_run_owner", "dsmigrate_backup_count", "dsmigrate_written"}

// runPlan is what check found out about one run: what rollback may write.
type runPlan struct {
	run      int64
	updated  []target // one per (table, column)
	created  []target // one per table
	removed  []target // one per (table, column)
	problems []string // non-empty: refuse, write nothing
}

// check reads everything rollback of run would rely on, writing nothing:
// each (table, column, action) must be one dsmigrate changes and exist in the
// shape found; each original must match its checksum; the backup rows must
// number what the run counted in its batches.
func check(ctx context.Context, db *sql.DB, s *schema.Schema, run int64) (*runPlan, error) {
	p := &runPlan{run: run}
	d := dia(ctx)
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, action, COUNT(*),
  COALESCE(SUM(CASE WHEN `+d.NullSafeEqual("checksum", d.ChecksumOriginal("original"))+` THEN 0 ELSE 1 END), 0)
FROM dsmigrate_backup WHERE run_id = ? GROUP BY table_name, column_name, action ORDER BY table_name, column_name, action`, run)
	if err != nil {
		return nil, wrap(err, "check backup of run %d", run)
	}
	type group struct {
		table, column, action string
		n, bad                int64
	}
	var groups []group
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.table, &g.column, &g.action, &g.n, &g.bad); err != nil {
			rows.Close()
			return nil, wrap(err, "check backup of run %d", run)
		}
		groups = append(groups, g)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, wrap(err, "check backup of run %d", run)
	}
	found := map[[2]string]int64{}
	for _, g := range groups {
		found[[2]string{g.table, g.action}] += g.n
		t, err := resolve(s, g.table, g.column, g.action)
		if err != nil {
			p.problems = append(p.problems, fmt.Sprintf("run %d: %v (%d rows)", run, err, g.n))
			continue
		}
		if g.bad > 0 {
			ids, err := mismatched(ctx, db, run, g.table, g.column, g.action)
			if err != nil {
				return nil, err
			}
			p.problems = append(p.problems, fmt.Sprintf("run %d: %d originals of %s.%s (%s) do not match their checksum: rows %s",
				run, g.bad, g.table, g.column, g.action, ids))
			continue
		}
		switch g.action {
		case ActionUpdated:
			p.updated = append(p.updated, t)
		case ActionCreated:
			p.created = append(p.created, t)
		case ActionRemoved:
			p.removed = append(p.removed, t)
		}
	}
	missing, err := checkCounts(ctx, db, run, found)
	if err != nil {
		return nil, err
	}
	p.problems = append(p.problems, missing...)
	unwritten, err := unwrittenUpdates(ctx, db, run)
	if err != nil {
		return nil, err
	}
	p.problems = append(p.problems, unwritten...)
	return p, nil
}

// mismatched names up to 20 rows whose original does not match its checksum.
func mismatched(ctx context.Context, db *sql.DB, run int64, table, column, action string) (string, error) {
	d := dia(ctx)
	rows, err := db.QueryContext(ctx, `SELECT row_id FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND column_name = ? AND action = ?
  AND NOT (`+d.NullSafeEqual("checksum", d.ChecksumOriginal("original"))+`) ORDER BY row_id LIMIT 20`, run, table, column, action)
	if err != nil {
		return "", wrap(err, "list tampered originals")
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return "", wrap(err, "list tampered originals")
		}
		ids = append(ids, fmt.Sprint(id))
	}
	return strings.Join(ids, ", "), wrap(rows.Err(), "list tampered originals")
}

// checkCounts compares the backup rows found per (table, action) with the
// counts the run's batches recorded. Runs an older dsmigrate started have no
// complete counts and are not compared.
func checkCounts(ctx context.Context, db *sql.DB, run int64, found map[[2]string]int64) ([]string, error) {
	var counted bool
	err := db.QueryRowContext(ctx, `SELECT counts FROM dsmigrate_run_owner WHERE run_id = ?`, run).Scan(&counted)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM dsmigrate_backup_count WHERE run_id = ?`, run).Scan(&n); err != nil {
			return nil, wrap(err, "read counts of run %d", run)
		}
		if n > 0 {
			return []string{fmt.Sprintf("run %d: its owner record (dsmigrate_run_owner) is missing", run)}, nil
		}
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "read owner of run %d", run)
	}
	if !counted {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT table_name, action, SUM(row_count) FROM dsmigrate_backup_count WHERE run_id = ? GROUP BY table_name, action`, run)
	if err != nil {
		return nil, wrap(err, "read counts of run %d", run)
	}
	defer rows.Close()
	want := map[[2]string]int64{}
	for rows.Next() {
		var k [2]string
		var n int64
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			return nil, wrap(err, "read counts of run %d", run)
		}
		want[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "read counts of run %d", run)
	}
	var out []string
	for _, k := range unionKeys(want, found) {
		if want[k] != found[k] {
			out = append(out, fmt.Sprintf("run %d: its batches recorded %d %q records of %s, the backup holds %d (%s)",
				run, want[k], k[1], k[0], found[k], map[bool]string{true: "records were deleted", false: "records were added"}[found[k] < want[k]]))
		}
	}
	return out, nil
}

func unionKeys(a, b map[[2]string]int64) [][2]string {
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, m := range []map[[2]string]int64{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+out[i][1] < out[j][0]+out[j][1] })
	return out
}

// missingTables names ledger tables that migrations up to version created
// and that are not there.
func missingTables(ctx context.Context, db *sql.DB, version uint) ([]string, error) {
	var out []string
	for i, t := range tables {
		if uint(i) >= version {
			break
		}
		ok, err := dia(ctx).TableExists(ctx, db, t)
		if err != nil {
			return nil, wrap(err, "look for ledger table %s", t)
		}
		if !ok {
			out = append(out, t)
		}
	}
	return out, nil
}
