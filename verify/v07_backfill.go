package verify

import (
	"database/sql"
	"strconv"
	"time"

	"github.com/dsmigrate/dsmigrate/transforms"
)

// V07: what DateUtils/BusinessTimeUtils and WorkflowSuccessLifecycleListener
// do with a param's timeZone and backfillTimeList (reference §3.6, §6).

// zoneProblem returns why a timeZone would fail ZoneId.of ("" when fine;
// null means the JVM default and is fine).
func zoneProblem(tz *string) string {
	if tz == nil || transforms.ValidZone(*tz) {
		return ""
	}
	return "timeZone " + strconv.Quote(clip(*tz)) + " is not a Java ZoneId (ZoneId.of throws at every task dispatch)"
}

// backfillProblem checks a COMPLEMENT_DATA param's backfillTimeList. first:
// the schedule_time the first entry must equal (not checked when invalid).
// zone is the server time zone: a date that does not exist there (a DST
// gap) is one 2.0.9's Quartz never fired; 3.3 parses it as the next hour,
// and WorkflowSuccessLifecycleListener.java:80 then removes the wrong entry
// (or none), so dates run twice or never (issue #12.4).
func backfillProblem(p Param, first sql.NullTime, zone *time.Location) string {
	if p.TypeID != TypeComplement {
		return ""
	}
	if !p.HasBackfillTimeList {
		return "COMPLEMENT_DATA without backfillTimeList (NPE in WorkflowSuccessLifecycleListener)"
	}
	if len(p.BackfillTimeList) == 0 {
		return "COMPLEMENT_DATA with an empty backfillTimeList"
	}
	var prev time.Time
	for i, e := range p.BackfillTimeList {
		if e == nil {
			return "backfillTimeList entry " + strconv.Itoa(i) + " is null"
		}
		t, err := time.Parse(transforms.TimeLayout, *e)
		if err != nil || t.Format(transforms.TimeLayout) != *e {
			return "backfillTimeList entry " + strconv.Quote(clip(*e)) + " is not yyyy-MM-dd HH:mm:ss"
		}
		if !transforms.LocalTimeExists(t, zone) {
			return "backfillTimeList entry " + strconv.Quote(*e) + " does not exist in the server time zone " + zone.String() +
				" (a DST gap, never fired by 2.0.9): 3.3 runs it as the hour after, then fails to remove it from the list and runs dates again"
		}
		if i > 0 && t.Before(prev) {
			return "backfillTimeList is not in ascending order at " + strconv.Quote(*e)
		}
		prev = t
	}
	if first.Valid {
		want := first.Time.Format(transforms.TimeLayout)
		if *p.BackfillTimeList[0] != want {
			return "backfillTimeList starts at " + strconv.Quote(*p.BackfillTimeList[0]) +
				", not at the instance's schedule_time " + strconv.Quote(want) + " (the date running now is never removed)"
		}
	}
	return ""
}
