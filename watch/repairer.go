package watch

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/repair"
)

// This file is watch's only door to the repair engine: `dsmigrate repair
// --apply` limited to the instances watch vetted.

// heartbeatWindow is how recent a registry heartbeat must be for a server to
// count as alive — the same window repair's own preflight uses.
const heartbeatWindow = backfill.HeartbeatWindow

// repairResult is what one repair run did.
type repairResult struct {
	runID    int64
	repaired []int64          // instances that now have a pending typed failover command
	refused  map[int64]string // instance → why repair left it untouched
}

// repairInstances applies exactly what `dsmigrate repair --apply` does to
// the instances ids (each at FAILOVER 18): one typed failover command per
// instance, in a ledger run `dsmigrate rollback --run N` undoes, under the
// run lock. Repair's whole-cluster heartbeat preflight is replaced by watch's
// per-instance guard (masterGuard): watch runs beside live masters by design.
func repairInstances(ctx context.Context, db *sql.DB, ids []int64, version, zone string) (repairResult, error) {
	sum, err := repair.Run(ctx, db, repair.Options{Apply: true, Instances: ids, IgnoreHeartbeats: true, Version: version, ServerTimezone: zone})
	if err != nil {
		return repairResult{}, err
	}
	res := repairResult{refused: map[int64]string{}}
	if sum.RunID != nil {
		res.runID = *sum.RunID
	}
	for _, e := range sum.Repairs {
		if e.Refused != "" {
			res.refused[e.Instance] = e.Refused
		} else {
			res.repaired = append(res.repaired, e.Instance)
		}
	}
	return res, nil
}

// lockHeld reports the error of a repair that found the run lock held by
// another dsmigrate run, and who holds it.
func lockHeld(err error) (string, bool) {
	var held *runlock.HeldError
	if errors.As(err, &held) {
		return held.Holder, true
	}
	return "", false
}
