package main

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/ledger"
)

func newRollbackCmd(g *globals) *cobra.Command {
	opts := ledger.RollbackOptions{Preflight: backfill.ServicesStopped}
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
Schema changes are never undone by rollback; backups taken on 2.0 names still
apply after DS's own upgrade scripts renamed tables and columns.

It trusts nothing it reads: before writing anything it checks that every
backed-up (table, column) is one dsmigrate changes, that every original
matches its checksum and that no backup record is missing; otherwise it
refuses, names what is wrong and writes nothing (exit 1). Rows changed after
the run (by DS or a person) keep their values and are listed (exit 1);
--force overwrites them with the originals. See docs/runbook.md.`,
		Example: `  dsmigrate status            # list runs
  dsmigrate rollback --run 3
  dsmigrate rollback          # everything dsmigrate changed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				if err := requireEngine(ctx, db, "rollback", ""); err != nil {
					return err
				}
				sum, err := ledger.Rollback(ctx, db, opts)
				if sum == nil {
					return engineError(err)
				}
				if rerr := g.report(sum); rerr != nil {
					return rerr
				}
				return engineError(err) // rows changed since the run: listed, exit 1
			})
		},
	}
	cmd.Flags().Int64Var(&opts.Run, "run", 0, "run id to roll back (default: all runs, newest first)")
	cmd.Flags().IntVar(&opts.BatchSize, "batch-size", backfill.DefaultBatchSize, "rows restored per statement")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "also restore rows changed since the run (overwrites those changes)")
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
resumes it from its checkpoints. It also shows where dsmigrate's schema path
(upgrade --to) stands: not started, pending, applied, dirty or interrupted.

Every state that needs action is listed under NEEDS ACTION with the command
that clears it: dirty ledger migrations, missing ledger tables, a dirty or
interrupted schema path, a half-renamed (mixed) schema, interrupted runs,
runs stuck rolling_back or partly rolled back. Exit code 1 when there is
any. See docs/runbook.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				if err := requireEngine(ctx, db, "status", ""); err != nil {
					return err
				}
				st, err := ledger.ReadStatus(ctx, db)
				if err != nil {
					return withCode(exitUsage, err)
				}
				if err := g.report(st); err != nil {
					return err
				}
				if len(st.Problems) > 0 {
					return errFindings
				}
				return nil
			})
		},
	}
}
