package main

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/repair"
)

func newRepairCmd(g *globals) *cobra.Command {
	var opts repair.Options
	cmd := &cobra.Command{
		Use:   "repair",
		Short: "Un-stick FAILOVER (18) instances and resubmit error commands safely (dry run without --apply)",
		Long: `repair is for a database already running DS 3.3 whose instances are stuck at
FAILOVER (18) (upstream #16878): the master failed them over, could not parse
their legacy command_param, moved the failover command to t_ds_error_command,
and nothing ever picks them up again.

For every instance at 18 it:
  - types the instance's own command_param (and fills NULL test_flag /
    task_depend_type) with the same transforms as upgrade;
  - finds the state to restore: the newest failover command (pending or error)
    carrying RUNNING_EXECUTION, READY_PAUSE or READY_STOP (a name, or a number
    read as Jackson does, an enum ordinal), else the last state before FAILOVER
    in state_history, else RUNNING_EXECUTION (inferred: the failover handler
    re-attaches finished tasks and resumes the DAG; the only status that does
    not pause or stop work nobody asked to stop);
  - leaves exactly one pending typed failover command carrying it: the pending
    one fixed, else the newest error failover command moved back (same id unless
    t_ds_command uses it), else a new one.
The instance stays at 18, as 3.3 keeps it while its failover command is pending;
the master restores the state when it handles the command. Start a master after
--apply.

--resubmit ID,… moves those t_ds_error_command rows back to t_ds_command the
same way (typed params, the error row deleted in the same transaction). It
refuses ids that do not exist, types without a 3.3 handler, params that cannot
be typed, commands whose instance does not exist, and failover commands (the
instance repair owns those).

Without --apply nothing is written (not even dsmigrate's ledger). With --apply
it takes the run lock (exit 3 when held), writes in a ledger run with every
original backed up: 'dsmigrate rollback --run N' restores the rows byte-exact.
Running it again changes nothing. Exit code 1 when something was refused.`,
		Example: `  dsmigrate repair                        # what would be done
  dsmigrate repair --apply --output json  # do it
  dsmigrate repair --apply --resubmit 1201,1202`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Version = buildVersion()
			opts.ServerTimezone = serverTimezone(opts.ServerTimezone, g.stderr)
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				if err := requireEngine(ctx, db, "repair", ""); err != nil {
					return err
				}
				sum, err := repair.Run(ctx, db, opts)
				if err != nil {
					return engineError(err)
				}
				if err := g.report(sum); err != nil {
					return err
				}
				if sum.RefusedCount() > 0 {
					return errFindings
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&opts.Apply, "apply", false, "write the repairs (default: dry run, nothing written)")
	cmd.Flags().Int64SliceVar(&opts.Resubmit, "resubmit", nil, "t_ds_error_command ids to move back to t_ds_command (comma-separated)")
	cmd.Flags().IntVar(&opts.BatchSize, "batch-size", backfill.DefaultBatchSize, "instances per transaction")
	addServerTZFlag(cmd, &opts.ServerTimezone)
	cmd.Flags().BoolVar(&opts.IgnoreHeartbeats, "ignore-heartbeats", false, "go on although a DS server sent a registry heartbeat in the last 2 minutes")
	return cmd
}
