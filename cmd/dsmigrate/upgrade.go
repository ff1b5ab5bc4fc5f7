package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/schemapath"
	"github.com/dsmigrate/dsmigrate/transforms"
	"github.com/dsmigrate/dsmigrate/verify"
)

type upgradeFlags struct {
	batchSize int
	dryRun    bool
	orphans   string
	progress  bool
	ignoreHB  bool
	to        string
	noVerify  bool
	verbose   bool
	serverTZ  string
}

func newUpgradeCmd(g *globals) *cobra.Command {
	f := &upgradeFlags{}
	cmd := &cobra.Command{
		Use:   "upgrade",
		Short: "Convert the command data for DS 3.3, in resumable batches with a byte-exact backup",
		Long: `upgrade rewrites what a DS 3.3 master cannot replay (every rule, why DS 3.3
needs it and examples: docs/transforms.md; the order of work: docs/runbook.md):

  - every command's and every workflow instance's command_param becomes typed
    3.3 JSON (commandType, startNodes, commandParams, timeZone, backfill dates,
    failover status);
  - vanished enum codes are remapped; NULL test_flag / task_depend_type filled;
    SUB_PROCESS task instances become SUB_WORKFLOW;
  - commands that point at no instance get the instance a 3.3 trigger creates;
    commands without a 3.3 handler move to t_ds_error_command; instances that
    must be failed over are parked at FAILOVER (18) with exactly one failover
    command.

It works on the 2.0, 3.0-3.2 and 3.3 shapes and refuses mixed/unknown ones.
Stop DS services and take a database backup first.

With --to 3.3.0 it first takes the schema itself to DS 3.3.0 (from 2.0.6-2.0.9
or 3.0-3.2; MariaDB), with dsmigrate's own versioned steps that mirror DS's
upgrade scripts, including their data steps; the t_ds_version row becomes
3.3.0 only when all of them succeeded. Before any DDL a preflight checks that
every table and column the pending steps touch exists; if not it names them,
changes nothing and exits 1 (plan --to runs the same preflight). Then it
converts the data on the 3.3 shape. The text output summarises the schema
steps; --verbose or --output json lists every step. Resumable after kill -9 like the rest; the schema steps are NOT undone
by 'dsmigrate rollback' — restore the backup to go back.

How it writes: one dsmigrate run at a time (GET_LOCK, exit 3 when held); its
own ledger tables (dsmigrate_*) are created by embedded migrations; each batch
of --batch-size rows is one transaction holding the backup of every original
value, the new values and the checkpoint. After kill -9, run upgrade again: it
resumes the interrupted run. 'dsmigrate rollback' restores the originals.

Rows it cannot transform safely are refused: left untouched, listed with the
reason, and the exit code is 1. At the end it runs 'dsmigrate verify' (read-only;
--no-verify skips it) and exits 1 when the database is not replayable yet — on
the 2.0 shape that is expected until DS's schema scripts and a second upgrade ran
(or use --to 3.3.0).`,
		Example: `  dsmigrate plan                 # the same, dry run
  dsmigrate upgrade --dsn mysql://ds:secret@db:3306/dolphinscheduler
  dsmigrate upgrade --orphans=finalize --output json > upgrade.json
  dsmigrate upgrade --to 3.3.0   # 2.0.x database: schema steps first, then the data`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runUpgrade(cmd, g, f) },
	}
	addUpgradeFlags(cmd, f)
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "plan only: write nothing (same as 'dsmigrate plan')")
	cmd.Flags().BoolVar(&f.noVerify, "no-verify", false, "skip the verify run at the end")
	return cmd
}

func newPlanCmd(g *globals) *cobra.Command {
	f := &upgradeFlags{dryRun: true}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Dry run of upgrade: counts per rule, before/after samples, refused rows; writes nothing",
		Long: `plan runs upgrade's reads and transforms without writing anything (not even
dsmigrate's ledger): counts per table and per rule, a few before/after samples
per rule, and the rows upgrade would refuse, with the reason. Exit code 1 when
rows would be refused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runUpgrade(cmd, g, f) },
	}
	addUpgradeFlags(cmd, f)
	return cmd
}

func addUpgradeFlags(cmd *cobra.Command, f *upgradeFlags) {
	cmd.Flags().IntVar(&f.batchSize, "batch-size", backfill.DefaultBatchSize, "rows per batch (one transaction each)")
	cmd.Flags().StringVar(&f.orphans, "orphans", backfill.OrphansRefuse,
		"rows whose definition version is missing: refuse (leave them, exit 1) or finalize (non-finished instances → FAILURE, commands retired)")
	cmd.Flags().BoolVar(&f.progress, "progress", true, "progress bar on a terminal, plain lines otherwise (stderr)")
	cmd.Flags().StringVar(&f.to, "to", "",
		"first take the DS schema to this version with dsmigrate's own schema path (only 3.3.0; from 2.0.6-2.0.9 or 3.0-3.2; "+
			"MariaDB; not undone by rollback: back up the database first)")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "with --to: list every schema step in the text output (JSON always lists them)")
	cmd.Flags().BoolVar(&f.ignoreHB, "ignore-heartbeats", false, "go on although a DS server sent a registry heartbeat in the last 2 minutes")
	addServerTZFlag(cmd, &f.serverTZ)
}

func runUpgrade(cmd *cobra.Command, g *globals, f *upgradeFlags) error {
	if f.to != "" && f.to != schemapath.Target {
		return withCode(exitUsage, fmt.Errorf("--to %s: only %s is supported", f.to, schemapath.Target))
	}
	if f.orphans != backfill.OrphansRefuse && f.orphans != backfill.OrphansFinalize {
		return withCode(exitUsage, fmt.Errorf("--orphans must be refuse or finalize, not %q", f.orphans))
	}
	f.serverTZ = serverTimezone(f.serverTZ, g.stderr)
	if _, err := transforms.ServerZone(f.serverTZ); err != nil {
		return withCode(exitUsage, fmt.Errorf("--server-timezone: %w", err))
	}
	return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error { return upgradeWith(ctx, db, g, f) })
}

// upgradeWith runs upgrade (or plan) and, after a real upgrade, verify.
func upgradeWith(ctx context.Context, db *sql.DB, g *globals, f *upgradeFlags) error {
	command := "upgrade"
	if f.dryRun {
		command = "plan"
	}
	if err := requireEngine(ctx, db, command, f.to); err != nil {
		return err
	}
	opts := backfill.Options{BatchSize: f.batchSize, DryRun: f.dryRun, Orphans: f.orphans, Version: buildVersion(),
		IgnoreHeartbeats: f.ignoreHB, To: f.to, ServerTimezone: f.serverTZ}
	if f.progress {
		opts.Progress = progressTo(g)
	}
	sum, err := backfill.Run(ctx, db, opts)
	if err != nil {
		return engineError(err)
	}
	replayable := true
	if !f.dryRun && !f.noVerify {
		rep, err := verify.Run(ctx, db, verify.Options{ServerTimezone: f.serverTZ})
		if err != nil {
			return withCode(exitUsage, fmt.Errorf("upgrade finished; verify failed: %w", err))
		}
		sum.Verify, replayable = rep, rep.Replayable
	}
	sum.ListSchemaSteps = f.verbose
	if err := g.report(sum); err != nil {
		return err
	}
	if rep, ok := sum.Verify.(*verify.Report); ok && g.output != "json" {
		fmt.Fprintln(g.stdout)
		if err := verify.WriteText(g.stdout, rep, 10); err != nil {
			return err
		}
	}
	if sum.RefusedCount() > 0 || !replayable {
		return errFindings
	}
	return nil
}

// progressTo draws progress on stderr when it is the process's stderr.
func progressTo(g *globals) backfill.ProgressFunc {
	if g.stderr == os.Stderr {
		return backfill.AutoProgress(os.Stderr)
	}
	return backfill.NoProgress
}

// report prints a summary as JSON or text. A report that streams its own
// JSON (large lists) provides WriteJSON.
func (g *globals) report(sum interface{ WriteText(io.Writer) error }) error {
	if g.output != "json" {
		return sum.WriteText(g.stdout)
	}
	if js, ok := sum.(interface{ WriteJSON(io.Writer) error }); ok {
		return js.WriteJSON(g.stdout)
	}
	return g.emitJSON(sum)
}
