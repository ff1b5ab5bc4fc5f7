package main

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/backfill"
)

func newRollbackCmd(g *globals) *cobra.Command {
	var opts backfill.RollbackOptions
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Restore the originals a run backed up, byte-exact (one run, or all)",
		Long: `rollback undoes dsmigrate runs from the backup they kept in dsmigrate_backup:
changed columns get their original bytes back, rows a run created (instances for
commands, failover commands, error-command copies) are deleted, rows it removed
(retired commands) are inserted again with the same id and every column.

Without --run it undoes every run not rolled back yet, newest first. --run N
undoes run N only, and only when no later run builds on it. Interrupted
rollbacks can be run again. It takes the same lock as upgrade (exit 3 when held).
Schema changes are never undone by rollback.`,
		Example: `  dsmigrate status            # list runs
  dsmigrate rollback --run 3
  dsmigrate rollback          # everything dsmigrate changed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				if err := requireEngine(ctx, db, "rollback", ""); err != nil {
					return err
				}
				sum, err := backfill.Rollback(ctx, db, opts)
				if err != nil {
					return engineError(err)
				}
				return g.report(sum)
			})
		},
	}
	cmd.Flags().Int64Var(&opts.Run, "run", 0, "run id to roll back (default: all runs, newest first)")
	cmd.Flags().IntVar(&opts.BatchSize, "batch-size", backfill.DefaultBatchSize, "rows restored per statement")
	return cmd
}

func newStatusCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Ledger: migrations applied, runs, checkpoints, interrupted or dirty state",
		Long: `status reads dsmigrate's ledger and writes nothing: which ledger migrations are
applied (and, when one failed half way, the way out), whether a dsmigrate run
holds the lock, and every run with its checkpoints per table. A run still
"running" while nobody holds the lock was interrupted: 'dsmigrate upgrade'
resumes it from its checkpoints.

Exit code 1 when the migrations are dirty or a run is interrupted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				if err := requireEngine(ctx, db, "status", ""); err != nil {
					return err
				}
				st, err := backfill.ReadStatus(ctx, db)
				if err != nil {
					return withCode(exitUsage, err)
				}
				if err := g.report(st); err != nil {
					return err
				}
				for _, r := range st.Runs {
					if r.Interrupted {
						return errFindings
					}
				}
				if st.Migrations.Dirty {
					return errFindings
				}
				return nil
			})
		},
	}
}
