// Command dsbench is `make bench`: it generates the same dataset three times
// and measures, in one run, dsmigrate upgrade against a chunked pure-SQL
// JSON_SET baseline and one UPDATE per row, plus dsmigrate's peak RSS at a
// small and at the full size.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/go-sql-driver/mysql"
	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/bench"
	"github.com/dsmigrate/dsmigrate/internal/dsn"
)

func main() {
	var n, small, perRow int
	var bin, server string
	var seed int64
	cmd := &cobra.Command{
		Use:           "dsbench",
		Short:         "Benchmark dsmigrate upgrade against pure SQL and one UPDATE per row on generated data",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := dsn.Parse(server)
			if err != nil {
				return err
			}
			return run(cmd.Context(), cfg, bin, n, small, perRow, seed)
		},
	}
	cmd.Flags().IntVar(&n, "n", 1000000, "instances and commands to generate (each)")
	cmd.Flags().IntVar(&small, "small", 10000, "size of the second, small upgrade run (RSS must stay flat)")
	cmd.Flags().IntVar(&perRow, "per-row-rows", 100000, "rows the one-UPDATE-per-row baseline writes (its rate is what counts)")
	cmd.Flags().StringVar(&bin, "bin", "bin/dsmigrate", "dsmigrate binary")
	cmd.Flags().StringVar(&server, "dsn", os.Getenv("DSMIGRATE_TEST_DSN"), "server-level DSN (default $DSMIGRATE_TEST_DSN)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "generator seed")
	if err := cmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "dsbench:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, server *mysql.Config, bin string, n, small, perRow int, seed int64) error {
	step := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "dsbench: "+format+"\n", args...) }
	perRow = min(perRow, n/2) // two runs over distinct instance rows
	step("generating %d instances + %d commands, three copies (seed %d)", n, n, seed)
	_, upCfg, err := bench.Prepare(ctx, server, "dsbench_upgrade", n, seed)
	if err != nil {
		return err
	}
	sqlDB, sqlCfg, err := bench.Prepare(ctx, server, "dsbench_sql", n, seed)
	if err != nil {
		return err
	}
	rowDB, _, err := bench.Prepare(ctx, server, "dsbench_perrow", n, seed)
	if err != nil {
		return err
	}
	_, smallCfg, err := bench.Prepare(ctx, server, "dsbench_small", small, seed)
	if err != nil {
		return err
	}
	adminDB, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		return err
	}
	defer adminDB.Close()
	prof, err := bench.StartProfile(ctx, adminDB)
	if err != nil {
		return err
	}
	defer prof.Stop(context.WithoutCancel(ctx))
	var upSpan, baseSpan bench.Span
	if upSpan.From, err = prof.Now(ctx); err != nil {
		return err
	}
	step("dsmigrate upgrade (%d)", n)
	up, err := bench.Upgrade(ctx, bin, upCfg)
	if err != nil {
		return err
	}
	if upSpan.To, err = prof.Now(ctx); err != nil {
		return err
	}
	step("dsmigrate verify on the upgraded data")
	ver, err := bench.Verify(ctx, bin, upCfg)
	if err != nil {
		return err
	}
	step("pure SQL baseline")
	// A fresh pool: sessions opened before the log was turned on keep their long_query_time.
	sqlDB.Close()
	if sqlDB, err = sql.Open("mysql", sqlCfg.FormatDSN()); err != nil {
		return err
	}
	defer sqlDB.Close()
	if baseSpan.From, err = prof.Now(ctx); err != nil {
		return err
	}
	base, err := bench.SQLBaseline(ctx, sqlDB)
	if err != nil {
		return err
	}
	if baseSpan.To, err = prof.Now(ctx); err != nil {
		return err
	}
	// The per-row baselines' 2×perRow statements stay out of the log (its cost would slow them).
	if err := prof.Stop(ctx); err != nil {
		return err
	}
	step("one UPDATE per row (%d rows), prepared statements (driver defaults)", perRow)
	prepCfg := server.Clone()
	prepCfg.DBName, prepCfg.InterpolateParams = "dsbench_perrow", false
	prepDB, err := sql.Open("mysql", prepCfg.FormatDSN())
	if err != nil {
		return err
	}
	one, last, err := bench.PerRow(ctx, prepDB, 0, perRow, "one UPDATE per row")
	if err != nil {
		return err
	}
	step("one UPDATE per row (the next %d rows), interpolateParams", perRow)
	oneInterp, _, err := bench.PerRow(ctx, rowDB, last, perRow, "one UPDATE per row, interp.")
	if err != nil {
		return err
	}
	step("dsmigrate upgrade (%d), for RSS", small)
	upSmall, err := bench.Upgrade(ctx, bin, smallCfg)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\trows\tseconds\trows/s\tpeak RSS\t")
	for _, r := range []bench.Result{up, ver, base, one, oneInterp, upSmall} {
		rss := "-"
		if r.PeakRSS > 0 {
			rss = fmt.Sprintf("%.1f MB", float64(r.PeakRSS)/1024)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.0f\t%s\t\n", r.Name, r.Rows, r.Duration.Seconds(), r.Rate(), rss)
	}
	tw.Flush()
	fmt.Printf("\nupgrade vs pure SQL JSON_SET:   %.2fx  (goal >= 0.8x)\n", up.Rate()/base.Rate())
	fmt.Printf("upgrade vs one UPDATE per row:  %.1fx  (goal >= 10x; %.1fx vs the interpolated variant)\n", up.Rate()/one.Rate(), up.Rate()/oneInterp.Rate())
	fmt.Printf("verify vs upgrade:              %.1fx  (goal >= 2x)\n", ver.Rate()/up.Rate())
	fmt.Printf("peak RSS: %.1f MB at %d rows, %.1f MB at %d rows (goal < 100 MB and flat)\n",
		float64(upSmall.PeakRSS)/1024, small, float64(up.PeakRSS)/1024, n)
	for _, db := range []struct {
		name, title string
		span        bench.Span
	}{{"dsbench_upgrade", "dsmigrate upgrade", upSpan}, {"dsbench_sql", "pure SQL JSON_SET", baseSpan}} {
		classes, err := prof.Breakdown(ctx, db.name, db.span)
		if err != nil {
			return err
		}
		bench.PrintBreakdown(os.Stdout, db.title, classes)
	}
	return nil
}
