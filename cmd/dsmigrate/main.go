// Command dsmigrate makes an Apache DolphinScheduler 2.0.x metadata database
// safe to run under DolphinScheduler 3.3, and proves it.
//
// Subcommands follow the pipeline: inspect → plan → upgrade → verify → repair.
// Run `dsmigrate --help` or `dsmigrate <command> --help` for details.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// Exit codes (DESIGN §3).
const (
	exitOK       = 0 // done; database replayable
	exitFindings = 1 // findings or refused rows
	exitUsage    = 2 // usage or connection error
	exitLocked   = 3 // another dsmigrate run holds the lock
)

// exitError carries an exit code with the error that caused it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode attaches an exit code to err.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// errFindings ends a command with exit code 1 after it printed its report.
var errFindings = withCode(exitFindings, errors.New("findings reported"))

// engineError maps an error of upgrade, plan, repair or rollback to its exit
// code: 3 when another run holds the lock (or took the run over), 1 when the database is in no state
// to be written (shape, live services, nothing to roll back), 2 otherwise.
func engineError(err error) error {
	var held *runlock.HeldError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &held), errors.Is(err, ledger.ErrFenced):
		return withCode(exitLocked, err)
	case errors.Is(err, backfill.ErrShape), errors.Is(err, backfill.ErrServicesAlive), errors.Is(err, ledger.ErrNothingToRollBack),
		errors.Is(err, ledger.ErrRollbackUnfinished), errors.Is(err, ledger.ErrUntrusted), errors.Is(err, ledger.ErrChangedSince),
		errors.Is(err, migrations.ErrNewer), errors.Is(err, schemapath.ErrMissing):
		return withCode(exitFindings, err)
	default:
		return withCode(exitUsage, err)
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns its exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee != errFindings {
			fmt.Fprintln(stderr, "dsmigrate:", ee.err)
		}
		return ee.code
	}
	// Anything cobra itself rejects (unknown command or flag, bad value) is usage.
	fmt.Fprintln(stderr, "dsmigrate:", err)
	fmt.Fprintln(stderr, "Run 'dsmigrate --help' for usage.")
	return exitUsage
}
