package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/watch"
)

// watchFlags are the flags of `dsmigrate watch`.
type watchFlags struct {
	opts   watch.Options
	once   bool
	listen string
}

func newWatchCmd(g *globals) *cobra.Command {
	var f watchFlags
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Health check for a live DS 3.3 cluster: stuck FAILOVER instances, error commands, unparseable params (read-only without --repair)",
		Long: `watch checks a running DolphinScheduler database every --interval and reports
what leaves workflow instances stuck (upstream #16878):

  stuck_failover_instances  instances at FAILOVER (18) with no pending failover
                            command for longer than --grace (from the instance's
                            update_time, else its failover error command's):
                            no master ever takes them over again
  error_failover_commands   their failover commands parked in t_ds_error_command
  error_commands_growth     rows t_ds_error_command gained since the last check
  unparseable_params        instance and command params written since the last
                            check that a 3.3 master cannot parse (verify's V01 and
                            V05 model; e.g. a 2.0 API server still running)
  stale_pending_commands    pending commands older than --grace: no master is
                            taking commands

Each finding is one log line (text, or JSON with --output json) naming the rows
and the command that fixes them. --listen ADDR serves Prometheus metrics on
/metrics and a health check on /healthz. See docs/runbook.md.

Without --repair watch never writes. With --repair, each stuck instance past
--grace gets exactly what 'dsmigrate repair --apply' does (one typed failover
command, in a ledger run 'dsmigrate rollback --run N' undoes), at most
--repair-limit per round, under the run lock: while another dsmigrate run holds
it the round's repair is skipped and logged. Never repaired: an instance whose
host is a master with a fresh heartbeat in DS's JDBC registry
(t_ds_jdbc_registry_data / t_ds_jdbc_registry_client_heartbeat; without that
registry only --grace protects), and one with a pending failover command.

It survives database restarts (retries with backoff, counted in
dsmigrate_check_errors_total) and stops on SIGINT/SIGTERM with exit code 0.
--once runs one round: exit 0 healthy, 1 findings, 2 database unreachable.`,
		Example: `  dsmigrate watch --listen :9108                 # metrics for Prometheus, every 60 s
  dsmigrate watch --once --grace 10m             # cron / Nagios: exit 1 when something is stuck
  dsmigrate watch --repair --repair-limit 5 --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.opts.Version = buildVersion()
			if f.opts.Repair {
				f.opts.ServerTimezone = serverTimezone(f.opts.ServerTimezone, g.stderr)
			}
			var h slog.Handler = slog.NewTextHandler(g.stdout, nil)
			if g.output == "json" {
				h = slog.NewJSONHandler(g.stdout, nil)
			}
			f.opts.Logger = slog.New(h)
			if f.once {
				return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error { return watchOnce(ctx, db, f.opts) })
			}
			return g.watchLoop(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.DurationVar(&f.opts.Interval, "interval", time.Minute, "time between check rounds")
	fl.DurationVar(&f.opts.Grace, "grace", 5*time.Minute, "how long an instance may sit at FAILOVER (18), or a command stay pending, before it counts")
	fl.DurationVar(&f.opts.Lookback, "lookback", 0, "how far back the first round checks params (default: --interval; later rounds: since the previous round)")
	fl.BoolVar(&f.once, "once", false, "run one round and exit: 0 healthy, 1 findings")
	fl.BoolVar(&f.opts.Repair, "repair", false, "repair stuck instances past --grace like 'dsmigrate repair --apply' (default: never write)")
	fl.IntVar(&f.opts.RepairLimit, "repair-limit", 10, "instances repaired per round")
	addServerTZFlag(cmd, &f.opts.ServerTimezone)
	fl.StringVar(&f.listen, "listen", "", "serve /metrics and /healthz on this address, e.g. :9108 (default: off)")
	return cmd
}

// watchOnce is --once: exit 0 healthy, 1 when anything was found.
func watchOnce(ctx context.Context, db *sql.DB, opts watch.Options) error {
	r, err := watch.Once(ctx, db, opts)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("watch: %w", err))
	}
	if !r.Healthy() {
		return errFindings
	}
	return nil
}

// watchLoop runs rounds until SIGINT/SIGTERM; a database that is down at the
// start is waited for, like one that goes down later.
func (g *globals) watchLoop(ctx context.Context, f watchFlags) error {
	log := f.opts.Logger
	if f.listen != "" {
		f.opts.Metrics = watch.NewMetrics()
		addr, _, err := f.opts.Metrics.Serve(ctx, f.listen)
		if err != nil {
			return withCode(exitUsage, err)
		}
		log.Info("serving metrics", "addr", addr.String(), "paths", "/metrics /healthz")
	}
	for wait := time.Second; ; wait = min(2*wait, 30*time.Second) {
		db, err := g.open(ctx)
		if err == nil {
			defer db.Close()
			log.Info("watching", "interval", f.opts.Interval.String(), "grace", f.opts.Grace.String(), "repair", f.opts.Repair)
			return watch.Run(ctx, db, f.opts)
		}
		log.Error("cannot connect; retrying", "error", err.Error(), "retry_in", wait.String())
		if f.opts.Metrics != nil {
			f.opts.Metrics.Failed(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}
