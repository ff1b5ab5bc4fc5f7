package transforms

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Backfill dates (DESIGN §4 backfillTimeList; reference §6 "Complement /
// backfill conversion"). 2.0.x fire dates are the union of the cron fire times
// of the definition's online schedules within [complementStartDate,
// complementEndDate] (2.0.9 CronUtils: next valid time after start−1 s, stop
// at ≥ end+1 s), or daily at midnight when it has none. Dates are wall-clock
// strings of the server time zone (2.0.9's master JVM zone, --server-timezone):
// crons are evaluated on naive times, then a time that does not exist in that
// zone (a DST gap) is dropped, as Quartz's CronExpression never fires there
// (e.g. hourly in Europe/Berlin on 2024-03-31: 00, 01, 03, 04), and an
// ambiguous autumn time appears once, as Quartz fires it once.
// TestFireDatesAgainstQuartz checks this against the real Quartz in several zones.
//
// Several online schedules (#12.6, decided): 2.0.9 concatenated each
// schedule's dates without sorting or removing duplicates
// (CronUtils.java:188-205) and ran them in that order. dsmigrate sorts and
// merges them: 3.3 removes a finished date with backfillTimeList.remove
// (WorkflowSuccessLifecycleListener.java:80), which removes the first equal
// entry, and runs the list in order, so a duplicate would run the same
// business date twice and an unsorted list would be reported by V07 as
// out of order; 2.0.9's order was an accident of schedule ids, not a
// choice a user made.

// TimeLayout is DS's date format, yyyy-MM-dd HH:mm:ss.
const TimeLayout = "2006-01-02 15:04:05"

// MaxBackfillDates bounds one backfillTimeList; a longer one is refused.
const MaxBackfillDates = 100_000

// dailyCron is 2.0.9's default when a definition has no online schedule.
const dailyCron = "0 0 0 * * ? *"

func parseTime(key, s string) (time.Time, string) {
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return t, key + ": " + strconv.Quote(clip(s)) + " is not a yyyy-MM-dd HH:mm:ss date"
	}
	return t, ""
}

// legacyTime reads a date-valued legacy key; present=false when absent/empty.
func legacyTime(v gjson.Result, key string) (t time.Time, present bool, why string) {
	s, present, ok := scalarText(v)
	if !ok {
		return t, true, key + ": " + notText(v, "a date")
	}
	if !present || s == "" {
		return t, false, ""
	}
	t, why = parseTime(key, s)
	return t, true, why
}

// backfillInput is what a backfill list is built from.
type backfillInput struct {
	l            *legacy
	crons        []string
	instance     bool // an instance row (else a command)
	finished     bool // the instance's state is finished
	scheduleTime NullString
	zone         *time.Location // server time zone; nil = UTC
}

// backfillList returns the backfillTimeList, a note for a finding ("" for
// none), or a refusal reason.
func backfillList(in backfillInput) (list []string, note, why string) {
	var st time.Time
	if in.instance && in.scheduleTime.Valid {
		if st, why = parseTime("schedule_time", in.scheduleTime.String); why != "" {
			return nil, "", why
		}
	}
	if in.instance && in.finished {
		// A re-run must not relaunch dates already handled.
		if !in.scheduleTime.Valid {
			return nil, "", "schedule_time: NULL on a finished COMPLEMENT_DATA instance; backfillTimeList would be empty"
		}
		return []string{st.Format(TimeLayout)}, "", ""
	}
	var dates []time.Time
	if in.l.complementList.Exists() {
		if dates, why = explicitDates(in.l.complementList); why != "" {
			return nil, "", why
		}
	} else {
		start, hasStart, why := legacyTime(in.l.complementStart, "complementStartDate")
		if why != "" {
			return nil, "", why
		}
		end, hasEnd, why := legacyTime(in.l.complementEnd, "complementEndDate")
		if why != "" {
			return nil, "", why
		}
		if !hasEnd {
			return nil, "", "complementEndDate: missing; cannot list the backfill dates"
		}
		if in.instance && in.scheduleTime.Valid && (!hasStart || st.After(start)) {
			start, hasStart = st, true // the dates before schedule_time are done
		}
		if !hasStart {
			return nil, "", "complementStartDate: missing; cannot list the backfill dates"
		}
		if dates, why = fireDates(in.crons, start, end, in.zone); why != "" {
			return nil, "", why
		}
	}
	if in.instance && in.scheduleTime.Valid {
		// A running instance sits at schedule_time: the list starts there.
		i, found := slices.BinarySearchFunc(dates, st, func(a, b time.Time) int { return a.Compare(b) })
		dates = dates[i:]
		if !found {
			dates = slices.Insert(dates, 0, st)
			note = "schedule_time " + in.scheduleTime.String + " is not one of the backfill dates; it was put first"
		}
	} else if in.instance {
		note = "schedule_time is NULL; the list starts at the first backfill date"
	}
	if len(dates) == 0 {
		return nil, "", "complementStartDate: no backfill date between complementStartDate and complementEndDate"
	}
	if len(dates) > MaxBackfillDates {
		return nil, "", "complementEndDate: more than " + strconv.Itoa(MaxBackfillDates) + " backfill dates"
	}
	list = make([]string, len(dates))
	for i, d := range dates {
		list[i] = d.Format(TimeLayout)
	}
	return list, note, ""
}

// explicitDates parses complementScheduleDateList (3.x, comma-separated),
// sorted and without duplicates.
func explicitDates(v gjson.Result) ([]time.Time, string) {
	s, present, ok := scalarText(v)
	if !ok {
		return nil, "complementScheduleDateList: " + notText(v, "a list of dates")
	}
	if !present || strings.TrimSpace(s) == "" {
		return nil, "complementScheduleDateList: empty"
	}
	if strings.Count(s, ",") >= MaxBackfillDates {
		return nil, "complementScheduleDateList: more than " + strconv.Itoa(MaxBackfillDates) + " dates"
	}
	var dates []time.Time
	for e := range strings.SplitSeq(s, ",") {
		t, why := parseTime("complementScheduleDateList", strings.TrimSpace(e))
		if why != "" {
			return nil, why
		}
		dates = append(dates, t)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(dates, func(a, b time.Time) bool { return a.Equal(b) }), ""
}

// fireDates is the sorted union of the fire times of crons within [from, to]
// that exist as local times in zone (nil = UTC).
func fireDates(crons []string, from, to time.Time, zone *time.Location) ([]time.Time, string) {
	if len(crons) == 0 {
		crons = []string{dailyCron}
	}
	if from.Year() < 1970 {
		return nil, "complementStartDate: before 1970"
	}
	if to.Year() > 2099 {
		return nil, "complementEndDate: after 2099 (Quartz's last year)"
	}
	var dates []time.Time
	for i, expr := range crons {
		c, err := compileCron(expr)
		if err != "" {
			return nil, "schedule_crons[" + strconv.Itoa(i) + "]: " + strconv.Quote(clip(expr)) + ": " + err
		}
		n := 0
		for t, ok := c.next(from.Add(-time.Second)); ok && !t.After(to); t, ok = c.next(t) {
			if n++; n > MaxBackfillDates {
				return nil, "complementEndDate: more than " + strconv.Itoa(MaxBackfillDates) + " backfill dates"
			}
			if LocalTimeExists(t, zone) {
				dates = append(dates, t)
			}
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(dates, func(a, b time.Time) bool { return a.Equal(b) }), ""
}

// LocalTimeExists reports whether the wall-clock time of naive (its fields,
// whatever its location) is a time that exists in zone (nil = UTC): false in
// a DST gap, e.g. 2024-03-31 02:30 in Europe/Berlin.
func LocalTimeExists(naive time.Time, zone *time.Location) bool {
	if zone == nil {
		return true
	}
	y, mo, d := naive.Date()
	h, mi, s := naive.Clock()
	t := time.Date(y, mo, d, h, mi, s, 0, zone)
	y2, mo2, d2 := t.Date()
	h2, mi2, s2 := t.Clock()
	return y == y2 && mo == mo2 && d == d2 && h == h2 && mi == mi2 && s == s2
}
