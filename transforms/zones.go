package transforms

import (
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // ServerZone works on a machine without /usr/share/zoneinfo
)

// ValidZone reports whether Java's ZoneId.of(id) accepts id, which is what a
// DS 3.3 master does with a param's timeZone at every task dispatch
// (reference §5.1, §6 "Time zones": validate against Java rules, not Go's
// time.LoadLocation, which accepts "Local", "" and zones Java lacks, e.g. "EST").
//
// The rules are those of java.time.ZoneId.of / ZoneOffset.of (JDK 8–17):
// "Z"; offsets "+h", "+hh", "+hh:mm", "+hhmm", "+hh:mm:ss", "+hhmmss" (and
// "-") up to ±18:00; the prefixes "UTC", "GMT", "UT" alone or followed by an
// offset; otherwise a region id of the JVM's tz database, case-sensitive.
// Region ids come from javaRegionIDs (zones_java.go), generated from a JVM;
// an older master JVM may lack the newest zones.
func ValidZone(id string) bool {
	if len(id) <= 1 || id[0] == '+' || id[0] == '-' {
		return validOffset(id)
	}
	switch {
	case strings.HasPrefix(id, "UTC"), strings.HasPrefix(id, "GMT"):
		return validPrefixed(id, 3)
	case strings.HasPrefix(id, "UT"):
		return validPrefixed(id, 2)
	}
	return knownRegion(id)
}

func validPrefixed(id string, n int) bool {
	if len(id) == n {
		return true
	}
	if id[n] != '+' && id[n] != '-' {
		return knownRegion(id) // e.g. "GMT0", "UTC" is handled above
	}
	return validOffset(id[n:])
}

func knownRegion(id string) bool {
	i := sort.SearchStrings(javaRegionIDs, id)
	return i < len(javaRegionIDs) && javaRegionIDs[i] == id
}

// validOffset mirrors ZoneOffset.of(String).
func validOffset(s string) bool {
	if s == "Z" {
		return true
	}
	var h, m, sec int
	ok := true
	switch len(s) {
	case 2:
		h = num2(&ok, "0"+s[1:], 0)
	case 3:
		h = num2(&ok, s, 1)
	case 5:
		h, m = num2(&ok, s, 1), num2(&ok, s, 3)
	case 6:
		h, m = num2(&ok, s, 1), num2(&ok, s, 4)
		ok = ok && s[3] == ':'
	case 7:
		h, m, sec = num2(&ok, s, 1), num2(&ok, s, 3), num2(&ok, s, 5)
	case 9:
		h, m, sec = num2(&ok, s, 1), num2(&ok, s, 4), num2(&ok, s, 7)
		ok = ok && s[3] == ':' && s[6] == ':'
	default:
		return false
	}
	if !ok || (s[0] != '+' && s[0] != '-') {
		return false
	}
	return h <= 18 && m <= 59 && sec <= 59 && (h < 18 || m == 0 && sec == 0)
}

// num2 parses the two decimal digits at s[pos:pos+2].
func num2(ok *bool, s string, pos int) int {
	a, b := s[pos], s[pos+1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		*ok = false
		return 0
	}
	return int(a-'0')*10 + int(b-'0')
}

// ServerZone loads the server time zone (dsmigrate --server-timezone, the
// zone the 2.0.9 master JVM ran in; Schedule.ServerZone): "" means UTC
// (nil). It must be a zone both Java's ZoneId and Go's tz database know.
func ServerZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, nil
	}
	if !ValidZone(name) {
		return nil, fmt.Errorf("server time zone %q is not a zone Java's ZoneId accepts", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("server time zone %q: %w", name, err)
	}
	return loc, nil
}
