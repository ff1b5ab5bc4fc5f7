package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// maxRefusalsKept bounds the refused rows verify remembers (a run refuses few
// rows; beyond this, findings keep their generic fix).
const maxRefusalsKept = 100000

// refusals are the rows the latest `dsmigrate upgrade` run refused (its
// dsmigrate_refused rows), so that a finding on such a row names why upgrade
// left it and what fixes it by hand — not "dsmigrate upgrade", which would
// refuse it again.
type refusals struct {
	run  int64
	rows map[string]string // "table:id" → reason
}

// loadRefusals reads them when dsmigrate's ledger exists (nil otherwise).
func loadRefusals(ctx context.Context, db *sql.DB, s *schema.Schema) (*refusals, error) {
	if !s.HasTable("dsmigrate_run") || !s.HasTable("dsmigrate_refused") {
		return nil, nil
	}
	var run sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(id) FROM dsmigrate_run WHERE command = 'upgrade'`).Scan(&run); err != nil {
		return nil, fmt.Errorf("verify: latest upgrade run: %w", err)
	}
	if !run.Valid {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT table_name, row_id, reason FROM dsmigrate_refused WHERE run_id = ? ORDER BY table_name, row_id LIMIT `+
		strconv.Itoa(maxRefusalsKept), run.Int64)
	if err != nil {
		return nil, fmt.Errorf("verify: refused rows of upgrade run %d: %w", run.Int64, err)
	}
	defer rows.Close()
	r := &refusals{run: run.Int64, rows: map[string]string{}}
	for rows.Next() {
		var table, reason string
		var id int64
		if err := rows.Scan(&table, &id, &reason); err != nil {
			return nil, fmt.Errorf("verify: refused rows of upgrade run %d: %w", run.Int64, err)
		}
		r.rows[table+":"+strconv.FormatInt(id, 10)] = reason
	}
	return r, rows.Err()
}

// fixUntypeableParam is the fix of a param upgrade cannot type, when no
// refusal says more.
var fixUntypeableParam = manual("command_param is not a JSON object dsmigrate can type (upgrade refuses it); replace it, e.g. with {}")

// fix returns the fix of a finding on row ref: for a refused row whose fix
// would be upgrade (which refuses it again), its refusal reason and the manual
// fix. Other fixes stay (--orphans=finalize, DS's schema scripts, repair):
// they do fix the row.
func (r *refusals) fix(ref, fix string) string {
	if r == nil || (fix != FixUpgrade && fix != fixUntypeableParam) {
		return fix
	}
	reason, ok := r.rows[ref]
	if !ok {
		return fix
	}
	return fmt.Sprintf("upgrade run %d refused it (%s): %s", r.run, reason, refusalFix(reason))
}

// refusalFixes maps what a refusal reason says to the fix a person makes
// (the reasons are backfill's; docs/verify-rules.md lists them).
var refusalFixes = []struct{ says, fix string }{
	{"not in the definition log", FixOrphans + " (or restore the definition version)"},
	{"not valid JSON", "by hand: write the JSON object that was meant (or {} for no parameters), then " + FixUpgrade},
	{"not a JSON object", "by hand: replace command_param with a JSON object ({} for no parameters), then " + FixUpgrade},
	{"the column holds at most", "by hand: shorten its parameters so the typed param fits the column, then " + FixUpgrade},
	{"a failover command cannot resume it", "by hand: delete the command (the instance has finished: nothing to resume)"},
	{"is not a registered 3.3 type id", "by hand: correct or remove commandType in command_param, then " + FixUpgrade},
	{"cannot be turned into task codes", "by hand: replace the task names by StartNodeList task codes (or drop the key), then " + FixUpgrade},
	{"time zone", "by hand: set a valid IANA zone (or remove it), then " + FixUpgrade},
	{"StartNodeList", "by hand: StartNodeList must be task codes (digits, comma-separated), then " + FixUpgrade},
	{"two or more pending failover commands", "by hand: delete all but the newest failover command of the instance, then " + FixUpgrade},
}

// refusalFix names the manual fix for a refusal reason.
func refusalFix(reason string) string {
	for _, f := range refusalFixes {
		if strings.Contains(reason, f.says) {
			return f.fix
		}
	}
	return "by hand: correct the row as the reason says, then " + FixUpgrade
}
