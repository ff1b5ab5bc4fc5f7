package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/transforms"
	"github.com/dsmigrate/dsmigrate/verify"
)

type verifyFlags struct {
	junit          string
	pageSize       int
	maxIDs         int
	strict         bool
	annotations    int
	annotationRule int
	serverTZ       string
}

func newVerifyCmd(g *globals) *cobra.Command {
	f := &verifyFlags{}
	var rules strings.Builder
	for _, r := range verify.Rules {
		fmt.Fprintf(&rules, "  %s  %s\n%s", r.ID, r.Title, wrap(r.Help, "       ", 80))
	}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Read-only proof that a DS 3.3 master can replay every instance and command (exit 0 = replayable)",
		Long: `verify reads every workflow instance, command, error command and task instance
and checks them against what a DS 3.3 master needs to replay them (each rule,
why and what fixes it: docs/verify-rules.md). It writes nothing. On the 2.0 and 3.0-3.2 shapes it answers
"would this be replayable once DS's schema scripts have run" (e.g. every row's
test_flag would be NULL: V03/V08).

Rules:
` + rules.String() + `
Every finding names its rule, severity, table, row id, what is wrong and the
fix for that row: the dsmigrate command that fixes it; for a row the latest
upgrade refused, its refusal reason and the manual fix ("none (manual): …" when
only a person can decide). Several fixes of one rule each list their rows.
Errors make the database not replayable; warnings are reported but do not fail
(--strict makes them fail too).

Output: a table grouped by rule (counts, first ids, fix) on stdout; with
--output json the document {"replayable", "checked", "findings":
[{"rule","severity","table","id","message","fix"}], …}, findings streamed as
they are found; --junit FILE one test case per rule (first ids, bounded);
when GITHUB_ACTIONS=true, ::error / ::warning annotations on stderr (bounded).

Exit codes: 0 replayable, 1 not replayable (or a mixed/unknown schema),
2 usage or connection error.`,
		Example: `  dsmigrate verify --dsn mysql://ds:secret@db:3306/dolphinscheduler
  dsmigrate verify --output json > verify.json
  dsmigrate verify --junit verify-junit.xml      # CI test report`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(cmd, g, f) },
	}
	cmd.Flags().StringVar(&f.junit, "junit", "", "also write a JUnit XML report to this file (one test case per rule)")
	cmd.Flags().IntVar(&f.pageSize, "page-size", 5000, "rows read per keyset page")
	cmd.Flags().IntVar(&f.maxIDs, "max-ids", 10, "row ids listed per rule in the table (the JUnit report lists 100)")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "warnings make the database not replayable too")
	cmd.Flags().IntVar(&f.annotations, "max-annotations", 50, "GitHub annotations written at most (GITHUB_ACTIONS=true)")
	cmd.Flags().IntVar(&f.annotationRule, "max-annotations-per-rule", 10, "GitHub annotations written at most per rule")
	addServerTZFlag(cmd, &f.serverTZ)
	return cmd
}

func runVerify(cmd *cobra.Command, g *globals, f *verifyFlags) error {
	if f.pageSize <= 0 || f.maxIDs < 0 {
		return withCode(exitUsage, errors.New("--page-size must be > 0 and --max-ids >= 0"))
	}
	f.serverTZ = serverTimezone(f.serverTZ, g.stderr)
	if _, err := transforms.ServerZone(f.serverTZ); err != nil {
		return withCode(exitUsage, fmt.Errorf("--server-timezone: %w", err))
	}
	var junitFile *os.File
	if f.junit != "" {
		var err error
		if junitFile, err = os.Create(f.junit); err != nil {
			return withCode(exitUsage, fmt.Errorf("--junit: %w", err))
		}
		defer junitFile.Close()
	}
	ctx := cmd.Context()
	db, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	opts := verify.Options{PageSize: f.pageSize, SampleIDs: max(f.maxIDs, verify.JUnitMaxIDs), Strict: f.strict, KeepFindings: -1,
		ServerTimezone: f.serverTZ}
	var sinks []func(verify.Finding) error
	var stream *verify.JSONStream
	if g.output == "json" {
		stream = verify.NewJSONStream(g.stdout)
		sinks = append(sinks, stream.Add)
	}
	var gh *verify.GitHubAnnotations
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		gh = &verify.GitHubAnnotations{W: g.stderr, PerRule: f.annotationRule, Total: f.annotations}
		sinks = append(sinks, gh.Add)
	}
	opts.OnFinding = func(fd verify.Finding) error {
		for _, sink := range sinks {
			if err := sink(fd); err != nil {
				return err
			}
		}
		return nil
	}
	report, err := verify.Run(ctx, db, opts)
	switch {
	case errors.Is(err, verify.ErrShape):
		return withCode(exitFindings, err)
	case err != nil:
		return withCode(exitUsage, err)
	}
	if gh != nil {
		if err := gh.Close(); err != nil {
			return err
		}
	}
	if stream != nil {
		err = stream.Finish(report)
	} else {
		err = verify.WriteText(g.stdout, report, f.maxIDs)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if junitFile != nil {
		if err := verify.WriteJUnit(junitFile, report, verify.JUnitMaxIDs); err != nil {
			return fmt.Errorf("write %s: %w", f.junit, err)
		}
	}
	if !report.Replayable {
		return errFindings
	}
	return nil
}

// wrap breaks text into lines of at most width columns, each indented.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}
