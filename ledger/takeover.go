package ledger

import (
	"context"
	"database/sql"
	"time"
)

// revokeOthers fences out every run still marked running except keep: the
// caller holds the run lock, so their processes lost it. Whatever command
// they run (an upgrade, a repair, watch --repair), their next batch
// transaction then fails its fence instead of committing beside the new
// lock holder. The UPDATE waits for a batch of theirs in flight.
func revokeOthers(ctx context.Context, db *sql.DB, keep int64, by string) error {
	_, err := db.ExecContext(ctx, `UPDATE dsmigrate_run_owner SET token = ?, taken_by = ?, taken_at = ?
WHERE run_id <> ? AND run_id IN (SELECT id FROM dsmigrate_run WHERE state = ?)`,
		"revoked-by-"+by, whoAmI(), time.Now().UTC(), keep, StateRunning)
	return wrap(err, "fence out runs that lost the run lock")
}
