// Package bench measures dsmigrate's upgrade against the two obvious
// alternatives on the same generated data, in the same run (DESIGN §6.1, §8):
// a chunked pure-SQL `UPDATE … SET command_param = JSON_SET(…)` (no backup,
// no transform logic: the ceiling) and one UPDATE per row from Go (the
// floor). It also records the peak RSS of the dsmigrate process.
package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
)

// Result is one measurement.
type Result struct {
	Name     string
	Rows     int64
	Duration time.Duration
	PeakRSS  int64 // KiB, for subprocess runs
}

// Rate is rows per second.
func (r Result) Rate() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Rows) / r.Duration.Seconds()
}

// Prepare creates database name on the server of cfg (dropping an older one)
// with the 2.0 schema, the catalogue and n generated instances and commands.
func Prepare(ctx context.Context, server *mysql.Config, name string, n int, seed int64) (*sql.DB, *mysql.Config, error) {
	admin, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close()
	for _, stmt := range []string{"DROP DATABASE IF EXISTS `" + name + "`", "CREATE DATABASE `" + name + "` DEFAULT CHARACTER SET utf8"} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			return nil, nil, fmt.Errorf("prepare %s: %w", name, err)
		}
	}
	cfg := server.Clone()
	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, nil, err
	}
	if err := fixtures.LoadLegacy(ctx, db); err != nil {
		return nil, nil, err
	}
	if _, err := fixtures.Generate(ctx, db, fixtures.GenOptions{Instances: n, Commands: n, ErrorCommands: n / 50, Seed: seed, BatchSize: 2000}); err != nil {
		return nil, nil, err
	}
	return db, cfg, nil
}

// runCLI runs the dsmigrate binary and returns its stdout, wall time and
// peak RSS (KiB). Exit code 1 (findings) counts as success.
func runCLI(ctx context.Context, bin string, args ...string) ([]byte, time.Duration, int64, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, 0, err
	}
	peak := make(chan int64, 1)
	stop := make(chan struct{})
	go func() { peak <- watchHWM(cmd.Process.Pid, stop) }()
	err := cmd.Wait()
	took := time.Since(start)
	close(stop)
	hwm := <-peak
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		return nil, 0, 0, fmt.Errorf("%s: %v: %s", args[0], err, errOut.String())
	}
	return out.Bytes(), took, hwm, nil
}

// Upgrade runs the dsmigrate binary's upgrade (without its closing verify)
// and counts the param rows it scanned (instances, commands, error commands).
func Upgrade(ctx context.Context, bin string, cfg *mysql.Config) (Result, error) {
	out, took, hwm, err := runCLI(ctx, bin, "upgrade", "--dsn", cfg.FormatDSN(), "--output", "json", "--progress=false", "--no-verify")
	if err != nil {
		return Result{}, err
	}
	var sum backfill.Summary
	if err := json.Unmarshal(out, &sum); err != nil {
		return Result{}, fmt.Errorf("upgrade output: %w", err)
	}
	r := Result{Name: "dsmigrate upgrade", Duration: took, PeakRSS: hwm}
	for _, t := range []string{"instance", "command", "error_command"} {
		if ts := sum.Tables[t]; ts != nil {
			r.Rows += ts.Scanned
		}
	}
	return r, nil
}

// Verify runs dsmigrate verify and counts every row it checked.
func Verify(ctx context.Context, bin string, cfg *mysql.Config) (Result, error) {
	out, took, hwm, err := runCLI(ctx, bin, "verify", "--dsn", cfg.FormatDSN(), "--output", "json")
	if err != nil {
		return Result{}, err
	}
	var rep struct {
		Checked map[string]int64 `json:"checked"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return Result{}, fmt.Errorf("verify output: %w", err)
	}
	r := Result{Name: "dsmigrate verify", Duration: took, PeakRSS: hwm}
	for _, n := range rep.Checked {
		r.Rows += n
	}
	return r, nil
}

// watchHWM polls VmHWM (peak resident set, KiB) of a process until stop.
// getrusage's ru_maxrss is no use here: Linux carries the parent's high-water
// mark into a child across fork+exec.
func watchHWM(pid int, stop <-chan struct{}) int64 {
	var max int64
	path := fmt.Sprintf("/proc/%d/status", pid)
	for {
		if raw, err := os.ReadFile(path); err == nil {
			for _, line := range strings.Split(string(raw), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil && kb > max {
						max = kb
					}
				}
			}
		}
		select {
		case <-stop:
			return max
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// paramTables are the tables both baselines rewrite.
var paramTables = []string{"t_ds_process_instance", "t_ds_command", "t_ds_error_command"}

// SQLBaseline adds commandType to every valid JSON param with chunked
// UPDATE … JSON_SET (chunks of 10 000 ids), no backup.
func SQLBaseline(ctx context.Context, db *sql.DB) (Result, error) {
	r := Result{Name: "pure SQL JSON_SET"}
	start := time.Now()
	for _, table := range paramTables {
		var maxID sql.NullInt64
		if err := db.QueryRowContext(ctx, "SELECT MAX(id) FROM "+table).Scan(&maxID); err != nil {
			return r, err
		}
		update := "UPDATE " + table + " SET command_param = JSON_SET(command_param, '$.commandType', 'START_PROCESS') " +
			"WHERE id BETWEEN ? AND ? AND JSON_VALID(command_param) AND JSON_TYPE(command_param) = 'OBJECT' AND LENGTH(command_param) < 65000"
		for lo := int64(0); lo <= maxID.Int64; lo += 10000 {
			if _, err := db.ExecContext(ctx, update, lo, lo+9999); err != nil {
				return r, fmt.Errorf("baseline %s: %w", table, err)
			}
		}
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			return r, err
		}
		r.Rows += n
	}
	r.Duration = time.Since(start)
	return r, nil
}

// PerRow reads up to limit instance params by keyset and writes each back
// with its own UPDATE (1000 per transaction), on db as configured (with or
// without interpolateParams).
// It starts after id after and returns the last id it wrote.
func PerRow(ctx context.Context, db *sql.DB, after int64, limit int, name string) (Result, int64, error) {
	r := Result{Name: name}
	start := time.Now()
	last := after
	for r.Rows < int64(limit) {
		rows, err := db.QueryContext(ctx, "SELECT id, command_param FROM t_ds_process_instance WHERE id > ? ORDER BY id LIMIT 1000", last)
		if err != nil {
			return r, last, err
		}
		type row struct {
			id    int64
			param sql.NullString
		}
		var batch []row
		for rows.Next() {
			var x row
			if err := rows.Scan(&x.id, &x.param); err != nil {
				rows.Close()
				return r, last, err
			}
			batch = append(batch, x)
		}
		rows.Close()
		if len(batch) == 0 {
			break
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return r, last, err
		}
		for _, x := range batch {
			p := `{"commandType":"START_PROCESS"}`
			if x.param.Valid && len(x.param.String) > 2 && len(x.param.String) < 65000 && x.param.String[0] == '{' {
				p = `{"commandType":"START_PROCESS",` + x.param.String[1:]
			}
			if _, err := tx.ExecContext(ctx, "UPDATE t_ds_process_instance SET command_param = ? WHERE id = ?", p, x.id); err != nil {
				tx.Rollback()
				return r, last, err
			}
		}
		if err := tx.Commit(); err != nil {
			return r, last, err
		}
		r.Rows += int64(len(batch))
		last = batch[len(batch)-1].id
	}
	r.Duration = time.Since(start)
	return r, last, nil
}
