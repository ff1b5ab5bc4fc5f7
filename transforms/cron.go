package transforms

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/cronexpr"
)

// Quartz cron expressions (what DS stores in t_ds_schedules.crontab and
// 2.0.x evaluates with org.quartz.CronExpression) evaluated with
// github.com/hashicorp/cronexpr, which has seconds, years, L, W, LW and #,
// but Unix day-of-week numbers (0 = SUN) where Quartz has 1 = SUN … 7 = SAT,
// and Unix day-field rules. compileCron validates the Quartz rules and
// translates. Constructs cronexpr evaluates differently from Quartz are
// refused rather than guessed: "L-n" and "nW" with n > 28 in day-of-month,
// and wrap-around ranges (e.g. FRI-MON, 22-2). TestFireDatesAgainstQuartz compares the result with the
// real Quartz 2.3 on a few hundred random expressions.

type cron struct{ expr *cronexpr.Expression }

// next returns the first fire time after t, or ok=false when there is none
// (cronexpr's years end at 2099).
func (c *cron) next(t time.Time) (n time.Time, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // defensive: never let a library panic escape
		}
	}()
	n = c.expr.Next(t)
	return n, !n.IsZero()
}

var (
	cronCache     sync.Map // expression → *cron
	cronCacheSize atomic.Int32
)

const cronCacheMax = 4096

var (
	dayNames   = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
	monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
)

// compileCron parses a Quartz expression; on failure it returns a reason.
func compileCron(expr string) (*cron, string) {
	if c, ok := cronCache.Load(expr); ok {
		return c.(*cron), ""
	}
	f := strings.Fields(strings.ToUpper(expr)) // Quartz upper-cases the expression
	if len(f) < 6 || len(f) > 7 {
		return nil, "not a Quartz expression (6 or 7 fields)"
	}
	if len(f) == 6 {
		f = append(f, "*") // cronexpr reads 6 fields as minute … year
	}
	if (f[3] == "?") == (f[5] == "?") {
		return nil, "Quartz needs '?' in exactly one of day-of-month and day-of-week"
	}
	bounds := [7][2]int{{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2099}}
	for i, field := range f {
		if field == "?" && (i == 3 || i == 5) {
			continue
		}
		if why := checkRanges(field, bounds[i][0], bounds[i][1], i); why != "" {
			return nil, why
		}
	}
	if strings.HasPrefix(f[3], "L-") {
		return nil, "day-of-month " + f[3] + " (L-n) is not supported by dsmigrate"
	}
	if d, ok := strings.CutSuffix(f[3], "W"); ok && d != "L" {
		if n, err := strconv.Atoi(d); err != nil || n > 28 {
			// Quartz moves nW to the month's last day when day n does not exist; cronexpr skips the month.
			return nil, "day-of-month " + f[3] + " is not supported by dsmigrate (days 29–31 with W)"
		}
	}
	if f[3] == "?" {
		f[3] = "*"
	}
	if f[5] == "?" {
		f[5] = "*"
	} else {
		dow, why := unixDayOfWeek(f[5])
		if why != "" {
			return nil, why
		}
		f[5] = dow
	}
	e, err := parseCronexpr(strings.Join(f, " "))
	if err != nil {
		return nil, err.Error()
	}
	c := &cron{expr: e}
	if cronCacheSize.Load() < cronCacheMax {
		if _, loaded := cronCache.LoadOrStore(expr, c); !loaded {
			cronCacheSize.Add(1)
		}
	}
	return c, ""
}

func parseCronexpr(s string) (e *cronexpr.Expression, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, err = nil, errCronPanic
		}
	}()
	return cronexpr.Parse(s)
}

type cronError string

func (e cronError) Error() string { return string(e) }

const errCronPanic = cronError("cron library failed on this expression")

var fieldNames = [7]string{"second", "minute", "hour", "day-of-month", "month", "day-of-week", "year"}

// checkRanges refuses out-of-range values and wrap-around ranges (a-b with
// a > b), which Quartz reads as wrapping and cronexpr does not.
func checkRanges(field string, lo, hi, idx int) string {
	names := []string(nil)
	switch idx {
	case 4:
		names = monthNames
	case 5:
		names = dayNames
	}
	for item := range strings.SplitSeq(field, ",") {
		if i := strings.IndexAny(item, "/#"); i >= 0 {
			item = item[:i]
		}
		item = strings.TrimSuffix(item, "W")
		if item == "*" || item == "" || item == "L" || item == "LW" || strings.HasPrefix(item, "L-") {
			continue
		}
		item = strings.TrimSuffix(item, "L")
		a, b, isRange := strings.Cut(item, "-")
		va, okA := quartzValue(a, names)
		vb, okB := va, okA
		if isRange {
			vb, okB = quartzValue(b, names)
		}
		if !okA || !okB {
			continue // not a plain value: cronexpr's parser decides
		}
		if va < lo || vb > hi || va > hi || vb < lo {
			return fieldNames[idx] + " value out of range in " + strconv.Quote(field)
		}
		if va > vb {
			return fieldNames[idx] + " range " + strconv.Quote(item) + " wraps around; not supported by dsmigrate"
		}
	}
	return ""
}

// quartzValue reads a number or a name (names count from 1: JAN = 1, SUN = 1).
func quartzValue(s string, names []string) (int, bool) {
	if v, err := strconv.Atoi(s); err == nil {
		return v, true
	}
	for i, n := range names {
		if n == s {
			return i + 1, true
		}
	}
	return 0, false
}

// unixDayOfWeek turns a Quartz day-of-week field (1 = SUN … 7 = SAT, "L" =
// SAT) into cronexpr's (0 = SUN … 6 = SAT): numbers before '/', '#' and 'L'
// and both ends of ranges move down by one; steps, '#' ordinals and names
// stay.
func unixDayOfWeek(field string) (string, string) {
	if field == "L" {
		return "6", ""
	}
	var b strings.Builder
	for i, item := range strings.Split(field, ",") {
		if i > 0 {
			b.WriteByte(',')
		}
		head, tail := item, ""
		if j := strings.IndexAny(item, "/#L"); j >= 0 {
			head, tail = item[:j], item[j:]
		}
		for k, part := range strings.Split(head, "-") {
			if k > 0 {
				b.WriteByte('-')
			}
			if n, err := strconv.Atoi(part); err == nil {
				if n < 1 || n > 7 {
					return "", "day-of-week " + strconv.Quote(field) + ": " + part + " is not 1–7"
				}
				part = strconv.Itoa(n - 1)
			}
			b.WriteString(part)
		}
		b.WriteString(tail)
	}
	return b.String(), ""
}
