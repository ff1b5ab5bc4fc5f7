package verify

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// BenchmarkVerify measures verify on a generated dataset: DS's real 2.0.9
// DDL, fixtures.Generate (DSMIGRATE_BENCH_ROWS instances and as many
// commands, default 200000; a few task instances per unfinished instance,
// 1% error commands), DS's scripts to 3.3.0, then dsmigrate upgrade. It
// reports rows/s (all four tables), peak RSS (VmHWM) and the heap in use
// after the run. Run it with
//
//	DSMIGRATE_TEST_DSN=… go test ./verify -run '^$' -bench Verify -benchtime 3x
func BenchmarkVerify(b *testing.B) {
	n := 200000
	if s := os.Getenv("DSMIGRATE_BENCH_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	db := dbtest.New(b)
	db.LoadDS(b, "")
	ctx := context.Background()
	started := time.Now()
	stats, err := fixtures.Generate(ctx, db.SQL, fixtures.GenOptions{Instances: n, Commands: n, ErrorCommands: n / 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	db.UpgradeDS(b, "3.3.0")
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{Orphans: backfill.OrphansFinalize}); err != nil {
		b.Fatal(err)
	}
	b.Logf("dataset: %d instances, %d commands, %d error commands, %d task instances (built in %s)",
		stats.Instances, stats.Commands, stats.ErrorCommands, stats.TaskInstances, time.Since(started).Round(time.Second))
	b.ResetTimer()
	var rows int64
	var findings int64
	for i := 0; i < b.N; i++ {
		rep, err := Run(ctx, db.SQL, Options{OnFinding: func(f Finding) error {
			_, err := io.Discard.Write([]byte(f.Message))
			return err
		}})
		if err != nil {
			b.Fatal(err)
		}
		rows += rep.Checked.Rows()
		findings = rep.Errors() + rep.Warnings()
		if i == b.N-1 {
			for _, p := range rep.Passes {
				if p.Rows > 0 {
					b.Logf("%-14s %8d rows in %.2fs: %.0f rows/s", p.Table, p.Rows, p.Seconds, float64(p.Rows)/p.Seconds)
				} else {
					b.Logf("%-14s %.2fs", p.Table, p.Seconds)
				}
			}
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.Logf("%d findings per run", findings)
	b.ReportMetric(float64(cliMaxRSS(b, db))/(1<<20), "cliMaxRSS-MB")
}

// cliMaxRSS runs `dsmigrate verify --output json` on db as its own process
// and returns its peak RSS (VmHWM polled from /proc while it runs: a forked
// child's rusage maxrss would include this process's own memory).
func cliMaxRSS(b *testing.B, db *dbtest.DB) int64 {
	cmd := exec.Command(testenv.BuildCLI(b), "verify", "--dsn", db.URL(), "--output", "json")
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := "/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status"
	var peak int64
	for {
		select {
		case err := <-done:
			var exit *exec.ExitError
			if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
				b.Fatalf("dsmigrate verify: %v", err)
			}
			return peak
		case <-time.After(5 * time.Millisecond):
			if v := vmHWM(status); v > peak {
				peak = v
			}
		}
	}
}

// peakRSS is this process's VmHWM in bytes (0 when /proc is unavailable).
func peakRSS() int64 { return vmHWM("/proc/self/status") }

func vmHWM(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
