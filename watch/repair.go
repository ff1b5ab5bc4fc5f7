package watch

import (
	"context"
	"fmt"

	"github.com/dsmigrate/dsmigrate/verify"
)

// Repair results (the "result" label of dsmigrate_repairs_total).
const (
	RepairApplied    = "repaired"
	RepairRefused    = "refused"
	RepairLocked     = "skipped_locked"
	RepairLiveMaster = "skipped_live_master"
	RepairFailed     = "failed"
)

// RepairOutcome is what --repair did in one round.
type RepairOutcome struct {
	RunID    int64            `json:"run_id,omitempty"` // the ledger run (`dsmigrate rollback --run N`)
	Repaired []int64          `json:"repaired"`
	Refused  map[int64]string `json:"refused,omitempty"`
	// Guarded are stuck instances left alone because a live master may be
	// running them (instance → why); at most Options.RepairLimit.
	Guarded map[int64]string `json:"guarded,omitempty"`
	// RefusedBefore are stuck instances repair refused in an earlier round
	// (see its log line): not retried, at most Options.RepairLimit listed.
	RefusedBefore []int64 `json:"refused_before,omitempty"`
	// Skipped says why nothing was attempted this round (lock held, error).
	Skipped string `json:"skipped,omitempty"`
	Result  string `json:"result"` // one of the Repair* results for the round as a whole
}

// considerRepair adds a stuck instance past its grace period to the round's
// repair candidates, unless a live master may be handling it.
func (c *Checker) considerRepair(ctx context.Context, g *masterGuard, f verify.FailoverInstance, r *Round) error {
	if r.Repair == nil {
		r.Repair = &RepairOutcome{Repaired: []int64{}, Guarded: map[int64]string{}}
	}
	why, err := g.handling(ctx, instanceHost{id: f.ID, host: f.Host})
	if err != nil {
		return err
	}
	if why != "" {
		if len(r.Repair.Guarded) < c.opts.RepairLimit {
			r.Repair.Guarded[f.ID] = why
		}
		return nil
	}
	if _, refused := c.refused[f.ID]; refused {
		if len(r.Repair.RefusedBefore) < c.opts.RepairLimit {
			r.Repair.RefusedBefore = append(r.Repair.RefusedBefore, f.ID)
		}
		return nil
	}
	r.Candidates = append(r.Candidates, f)
	return nil
}

// maxRefused bounds the instances remembered as refused (beyond it they are
// retried every round, each retry a ledger run that changes nothing).
const maxRefused = 1000

// repair applies `dsmigrate repair --apply` to the round's candidates. A
// held run lock skips the repair for this round (the check results stand);
// it is not an error of the round.
func (c *Checker) repair(ctx context.Context, r *Round) error {
	if !c.opts.Repair {
		return nil
	}
	if r.Repair == nil {
		r.Repair = &RepairOutcome{Repaired: []int64{}, Guarded: map[int64]string{}}
	}
	out := r.Repair
	if len(r.Candidates) == 0 {
		if len(out.Guarded) > 0 {
			out.Result = RepairLiveMaster
		}
		return nil
	}
	ids := make([]int64, len(r.Candidates))
	for i, f := range r.Candidates {
		ids[i] = f.ID
	}
	res, err := repairInstances(ctx, c.db, ids, c.opts.Version, c.opts.ServerTimezone)
	if holder, held := lockHeld(err); held {
		out.Skipped, out.Result = "another dsmigrate run holds the run lock ("+holder+"); retried next round", RepairLocked
		return nil
	}
	if err != nil {
		out.Skipped, out.Result = "repair failed: "+err.Error(), RepairFailed
		return fmt.Errorf("repair instances %v: %w", ids, err)
	}
	out.RunID, out.Repaired, out.Result = res.runID, res.repaired, RepairApplied
	if len(res.refused) > 0 {
		out.Refused = res.refused
		for id, why := range res.refused {
			if len(c.refused) < maxRefused {
				c.refused[id] = why
			}
		}
		if len(res.repaired) == 0 {
			out.Result = RepairRefused
		}
	}
	return nil
}
