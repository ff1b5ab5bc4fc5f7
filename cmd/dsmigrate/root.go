package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/internal/dbconn"
)

// version is set at build time: -ldflags "-X main.version=v0.1.0".
var version = ""

// globals are the flags every command shares.
type globals struct {
	dsn    string
	output string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "dsmigrate",
		Short: "Make a DolphinScheduler 2.0.x database safe to run under 3.3, and prove it",
		Long: `dsmigrate converts the command data of an Apache DolphinScheduler (DS) 2.0.x
metadata database so that a DS 3.3 master can replay every workflow instance and
every command (upstream issue #16878: instances stuck in FAILOVER after upgrading),
and proves it.

Typical order, with DS services stopped and a database backup taken:
  dsmigrate inspect      what is there, and what a 3.3 master would choke on
  dsmigrate plan         what upgrade would change (dry run; --to 3.3.0 lists schema steps)
  dsmigrate upgrade      convert the data, resumable, with a byte-exact backup
                         (--to 3.3.0 also takes the schema to DS 3.3.0 first)
  dsmigrate verify       prove every instance and command is replayable (exit 0)
  dsmigrate status       migrations, runs, checkpoints, interrupted runs
  dsmigrate rollback     restore the originals of a run, byte-exact

Already on 3.3 with instances stuck at FAILOVER (18)?
  dsmigrate repair       dry run; --apply un-sticks them, --resubmit error commands
  dsmigrate watch        keep checking a live cluster (metrics, --once for cron,
                         --repair un-sticks new ones after a grace period)

Debugging and pipelines:
  dsmigrate transform    command_param JSON Lines in, typed JSON Lines out

Connection: --dsn or DSMIGRATE_DSN, one of
  mysql://user:pass@host:3306/dolphinscheduler
  user:pass@tcp(host:3306)/dolphinscheduler        (go-sql-driver form)
  postgres://user:pass@host:5432/dolphinscheduler  (PostgreSQL ≥ 12; every command but upgrade --to)
  host=… user=… password=… dbname=…                (PostgreSQL key=value form)
Passwords are never printed.

Exit codes: 0 ok, 1 findings or refused rows, 2 usage or connection error,
3 lock held by another run.

Documentation (in the repository): docs/runbook.md (backup, order of commands,
exit codes, status states, rollback), docs/transforms.md (what upgrade changes
and why), docs/verify-rules.md (V01-V09 and their fixes).`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if g.output != "text" && g.output != "json" {
				return withCode(exitUsage, fmt.Errorf("--output must be text or json, not %q", g.output))
			}
			return checkBatchSize(cmd)
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return withCode(exitUsage, fmt.Errorf("%w\nRun '%s --help' for usage", err, cmd.CommandPath()))
	})
	root.PersistentFlags().StringVar(&g.dsn, "dsn", os.Getenv("DSMIGRATE_DSN"),
		"database to work on: mysql://user:pass@host:3306/db, a go-sql-driver DSN, postgres://… or host=… dbname=… (default $DSMIGRATE_DSN)")
	root.PersistentFlags().StringVarP(&g.output, "output", "o", "text",
		"text (tables for people) or json (one JSON document on stdout, for pipelines)")
	root.AddCommand(newInspectCmd(g), newPlanCmd(g), newUpgradeCmd(g), newStatusCmd(g), newRollbackCmd(g), newTransformCmd(g), newVerifyCmd(g), newRepairCmd(g), newWatchCmd(g))
	return root
}

// open connects to the --dsn database; failures are exit code 2.
func (g *globals) open(ctx context.Context) (*sql.DB, error) {
	db, _, err := dbconn.Open(ctx, g.dsn)
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	return db, nil
}

// withDB runs fn with the --dsn database open (closed afterwards).
func (g *globals) withDB(cmd *cobra.Command, fn func(ctx context.Context, db *sql.DB) error) error {
	ctx := cmd.Context()
	db, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, db)
}

// emitJSON writes v as one indented JSON document on stdout.
func (g *globals) emitJSON(v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// checkBatchSize refuses a --batch-size below 1 (it once silently became the
// default) on every command that has the flag.
func checkBatchSize(cmd *cobra.Command) error {
	f := cmd.Flags().Lookup("batch-size")
	if f == nil {
		return nil
	}
	if n, err := strconv.Atoi(f.Value.String()); err == nil && n < 1 {
		return withCode(exitUsage, fmt.Errorf("--batch-size must be at least 1 (rows per transaction), not %d", n))
	}
	return nil
}
