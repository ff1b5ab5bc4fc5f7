package backfill

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress reports rows handled in one table.
type Progress interface {
	Add(rows int)
	Done()
}

// ProgressFunc starts the progress of a table with the rows left to scan.
type ProgressFunc func(table string, total int64) Progress

// NoProgress reports nothing.
func NoProgress(string, int64) Progress { return silent{} }

type silent struct{}

func (silent) Add(int) {}
func (silent) Done()   {}

// TerminalProgress draws a bar per table (rows, rows/s, ETA) on w.
func TerminalProgress(w io.Writer) ProgressFunc {
	return func(table string, total int64) Progress {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(fmt.Sprintf("%-14s", table)),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
		return barProgress{bar}
	}
}

type barProgress struct{ bar *progressbar.ProgressBar }

func (b barProgress) Add(n int) { b.bar.Add(n) }
func (b barProgress) Done()     { b.bar.Finish() }

// LineProgress prints a plain line every interval (for logs, CI).
func LineProgress(w io.Writer, interval time.Duration) ProgressFunc {
	return func(table string, total int64) Progress {
		return &lineProgress{w: w, table: table, total: total, start: time.Now(), last: time.Now(), every: interval}
	}
}

type lineProgress struct {
	w           io.Writer
	table       string
	total, done int64
	start, last time.Time
	every       time.Duration
}

func (p *lineProgress) Add(n int) {
	p.done += int64(n)
	if time.Since(p.last) >= p.every {
		p.last = time.Now()
		p.line()
	}
}

func (p *lineProgress) Done() { p.line() }

func (p *lineProgress) line() {
	secs := time.Since(p.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(p.done) / secs
	}
	fmt.Fprintf(p.w, "%s: %d/%d rows, %.0f rows/s\n", p.table, p.done, p.total, rate)
}

// AutoProgress picks a bar on a terminal and plain lines otherwise.
func AutoProgress(f *os.File) ProgressFunc {
	if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return TerminalProgress(f)
	}
	return LineProgress(f, 5*time.Second)
}
