package main

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/inspect"
	"github.com/dsmigrate/dsmigrate/internal/dsn"
)

func newInspectCmd(g *globals) *cobra.Command {
	var pageSize int
	cmd := &cobra.Command{
		Use:   "inspect",
		Short: "Read-only inventory: schema shape, rows by state and type, risks with counts",
		Long: `inspect reads the database and writes nothing. It reports:

  - the schema shape, detected from information_schema (never from t_ds_version):
    2.0, 3.0-3.2, 3.3 (t_ds_workflow_* names), mixed (the 3.3.0 rename half
    applied) or unknown; and the logical → physical table map dsmigrate uses;
  - the inventory: workflow instances by state, commands and error commands by
    type, params without commandType, task instances by state and NULL test_flag;
  - risks: each kind of row a DS 3.3 master cannot replay, with its count.

Exit code 0 on a 2.0, 3.0-3.2 or 3.3 shape whatever the risks (use 'dsmigrate
verify' for a verdict on replayability), 1 on a mixed or unknown shape (nothing
else can run on it), 2 when the database cannot be reached.`,
		Example: `  dsmigrate inspect --dsn mysql://ds:secret@db:3306/dolphinscheduler
  DSMIGRATE_DSN=... dsmigrate inspect --output json | jq .risks`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd, func(ctx context.Context, db *sql.DB) error {
				report, err := inspect.Run(ctx, db, inspect.Options{PageSize: pageSize})
				if err != nil {
					return withCode(exitUsage, err)
				}
				report.BackupCommand = backupCommand(ctx, db, g.dsn)
				if err := g.report(report); err != nil {
					return err
				}
				if !report.Shape.Writable() {
					return errFindings
				}
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&pageSize, "page-size", 5000, "rows read per keyset page")
	return cmd
}

// backupCommand returns the dump command for the server and database of the
// DSN (mariadb-dump on MariaDB, mysqldump otherwise), without the password.
func backupCommand(ctx context.Context, db *sql.DB, raw string) string {
	if dsn.IsPostgres(raw) {
		return pgBackupCommand(raw)
	}
	cfg, err := dsn.Parse(raw)
	if err != nil || cfg.DBName == "" {
		return ""
	}
	var version string
	_ = db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version)
	tool := "mysqldump"
	if strings.Contains(strings.ToLower(version), "mariadb") {
		tool = "mariadb-dump"
	}
	args := []string{tool, "--single-transaction", "--routines", "--triggers"}
	if cfg.Net == "unix" {
		args = append(args, "--socket="+shellQuote(cfg.Addr))
	} else {
		host, port, ok := strings.Cut(cfg.Addr, ":")
		if !ok {
			port = "3306"
		}
		args = append(args, "-h", shellQuote(host), "-P", shellQuote(port))
	}
	args = append(args, "-u", shellQuote(cfg.User), "-p", shellQuote(cfg.DBName), ">", "ds-backup.sql")
	return strings.Join(args, " ")
}

// pgBackupCommand is pg_dump's command line for a PostgreSQL DSN, without the password.
func pgBackupCommand(raw string) string {
	cfg, err := dsn.ParsePostgres(raw)
	if err != nil || cfg.Database == "" {
		return ""
	}
	return strings.Join([]string{"pg_dump", "-Fc", "-h", shellQuote(cfg.Host), "-p", strconv.Itoa(int(cfg.Port)),
		"-U", shellQuote(cfg.User), "-f", "ds-backup.dump", shellQuote(cfg.Database)}, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=-]+$`)

func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}
