package watch

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"
)

// Options tune `dsmigrate watch`.
type Options struct {
	Interval time.Duration // between rounds (default 60 s)
	Grace    time.Duration // how long an instance may sit at 18, or a command wait, before it counts (default 5 min)
	// Lookback is how far back the first round checks params (default:
	// Interval); later rounds check what was written since the previous one.
	Lookback time.Duration
	// Repair applies `dsmigrate repair --apply` to stuck instances past the
	// grace period; without it watch never writes.
	Repair      bool
	RepairLimit int    // instances repaired per round (default 10)
	IDLimit     int    // ids named per finding (default 20)
	PageSize    int    // rows per query (default 1000)
	Version     string // recorded in the ledger
	// ServerTimezone is the zone the DS 2.0 master ran in, for the complement
	// dates --repair computes ("" means UTC), as `repair --server-timezone`.
	ServerTimezone string
	// MaxBackoff caps the wait between retries after a failed round (default
	// the interval, at most 30 s); the first retry waits MinBackoff (1 s).
	MinBackoff, MaxBackoff time.Duration
	Logger                 *slog.Logger // default: discard
	Metrics                *Metrics     // nil: none
}

func (o Options) withDefaults() Options {
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.Grace <= 0 {
		o.Grace = 5 * time.Minute
	}
	if o.Lookback <= 0 {
		o.Lookback = o.Interval
	}
	if o.RepairLimit <= 0 {
		o.RepairLimit = 10
	}
	if o.IDLimit <= 0 {
		o.IDLimit = 20
	}
	if o.PageSize <= 0 {
		o.PageSize = 1000
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = min(o.Interval, 30*time.Second)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Once runs one round (with its repair under --repair), logs and records it.
func Once(ctx context.Context, db *sql.DB, opts Options) (*Round, error) {
	c := NewChecker(db, opts)
	return c.Round(ctx)
}

// Run checks db every Interval until ctx ends, then returns nil. A failed
// round (database restarting, connection lost) is logged and counted in
// dsmigrate_check_errors_total, and retried with a backoff doubling from
// MinBackoff to MaxBackoff; database/sql reconnects on the next query.
func Run(ctx context.Context, db *sql.DB, opts Options) error {
	c := NewChecker(db, opts)
	o := c.opts
	backoff := o.MinBackoff
	for {
		wait := o.Interval
		if _, err := c.Round(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			c.Forget()
			o.Logger.Error("check failed; retrying", "error", err.Error(), "retry_in", backoff.String())
			wait, backoff = backoff, min(2*backoff, o.MaxBackoff)
		} else {
			backoff = o.MinBackoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			o.Logger.Info("stopping")
			return nil
		case <-t.C:
		}
	}
}

// Round runs the checks and the repair, bounded by a timeout, then logs the
// findings and updates the metrics.
func (c *Checker) Round(ctx context.Context) (*Round, error) {
	started := time.Now()
	rctx, cancel := context.WithTimeout(ctx, max(c.opts.Interval, 30*time.Second))
	defer cancel()
	r, err := c.Check(rctx)
	if err == nil {
		err = c.repair(rctx, r)
	}
	if err != nil {
		if c.opts.Metrics != nil && ctx.Err() == nil {
			c.opts.Metrics.Failed(err)
		}
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = errors.Join(errors.New("check round timed out"), err)
		}
		return nil, err
	}
	r.Duration = time.Since(started)
	logRound(c.opts.Logger, r)
	if c.opts.Metrics != nil {
		c.opts.Metrics.observe(r)
	}
	return r, nil
}
