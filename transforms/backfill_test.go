package transforms

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, why := parseTime("t", s)
	if why != "" {
		t.Fatal(why)
	}
	return v
}

func formatDates(ds []time.Time) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.Format(TimeLayout))
	}
	return b.String()
}

func TestFireDates(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		crons      []string
		from, to   string
		want, fail string
		zone       *time.Location
	}{
		// #12.4: Quartz in Europe/Berlin skips the DST gap (02:00 does not exist).
		{[]string{"0 0 * * * ?"}, "2024-03-31 00:00:00", "2024-03-31 04:00:00", "2024-03-31 00:00:00,2024-03-31 01:00:00,2024-03-31 03:00:00,2024-03-31 04:00:00", "", berlin},
		{[]string{"0 0 * * * ?"}, "2024-03-31 00:00:00", "2024-03-31 04:00:00", "2024-03-31 00:00:00,2024-03-31 01:00:00,2024-03-31 02:00:00,2024-03-31 03:00:00,2024-03-31 04:00:00", "", time.UTC},
		{[]string{"0 0 * * * ?"}, "2024-03-31 00:00:00", "2024-03-31 04:00:00", "2024-03-31 00:00:00,2024-03-31 01:00:00,2024-03-31 02:00:00,2024-03-31 03:00:00,2024-03-31 04:00:00", "", nil},
		// The ambiguous autumn hour once, as Quartz fires it once.
		{[]string{"0 0 * * * ?"}, "2024-10-27 01:00:00", "2024-10-27 03:00:00", "2024-10-27 01:00:00,2024-10-27 02:00:00,2024-10-27 03:00:00", "", berlin},
		{[]string{"0 30 2 * * ?"}, "2024-03-30 00:00:00", "2024-04-01 04:00:00", "2024-03-30 02:30:00,2024-04-01 02:30:00", "", berlin},
		{nil, "2024-01-30 00:00:00", "2024-02-01 00:00:00", "2024-01-30 00:00:00,2024-01-31 00:00:00,2024-02-01 00:00:00", "", nil},
		{[]string{"0 0 0 29 2 ?"}, "2023-01-01 00:00:00", "2028-12-31 00:00:00", "2024-02-29 00:00:00,2028-02-29 00:00:00", "", nil},
		{[]string{"0 0 0 31 * ?"}, "2024-04-01 00:00:00", "2024-06-01 00:00:00", "2024-05-31 00:00:00", "", nil},
		{[]string{"0 0 0 ? * 1", "0 0 0 ? * SUN"}, "2024-01-01 00:00:00", "2024-01-14 00:00:00", "2024-01-07 00:00:00,2024-01-14 00:00:00", "", nil},
		{[]string{"0 0 0 * * ? 2025"}, "2024-12-31 00:00:00", "2025-01-01 00:00:00", "2025-01-01 00:00:00", "", nil},
		{[]string{"0 0 0 ? * mon-fri"}, "2024-01-05 00:00:00", "2024-01-08 00:00:00", "2024-01-05 00:00:00,2024-01-08 00:00:00", "", nil},
		{[]string{"0 0 0 * * *"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 ? * ?"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"@daily"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 L-2 * ?"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 ? * FRI-MON"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 22-2 * * ?"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 ? * 8"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 32 * ?"}, "2024-01-01 00:00:00", "2024-01-02 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 31W * ?"}, "2024-04-01 00:00:00", "2024-06-01 00:00:00", "", "schedule_crons[0]", nil},
		{[]string{"0 0 0 28W * ?"}, "2024-04-01 00:00:00", "2024-06-01 00:00:00", "2024-04-29 00:00:00,2024-05-28 00:00:00", "", nil},
		{[]string{"* * * * * ?"}, "2024-01-01 00:00:00", "2024-01-03 00:00:00", "", "complementEndDate", nil},
		{nil, "1969-12-31 00:00:00", "1970-01-02 00:00:00", "", "complementStartDate", nil},
		{nil, "2024-01-01 00:00:00", "2100-01-02 00:00:00", "", "complementEndDate", nil},
	} {
		got, why := fireDates(c.crons, mustTime(t, c.from), mustTime(t, c.to), c.zone)
		if c.fail != "" {
			if !strings.HasPrefix(why, c.fail+":") {
				t.Errorf("%v: reason %q, want prefix %q", c.crons, why, c.fail)
			}
			continue
		}
		if why != "" || formatDates(got) != c.want {
			t.Errorf("%v %s..%s:\n got %s %s\nwant %s", c.crons, c.from, c.to, formatDates(got), why, c.want)
		}
	}
}

func TestUnixDayOfWeek(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1", "0"}, {"7", "6"}, {"L", "6"}, {"6L", "5L"}, {"2#3", "1#3"}, {"2-6", "1-5"}, {"*/3", "*/3"},
		{"2/2", "1/2"}, {"MON-FRI", "MON-FRI"}, {"1,7", "0,6"}, {"SUN#2", "SUN#2"},
	} {
		got, why := unixDayOfWeek(c.in)
		if why != "" || got != c.want {
			t.Errorf("unixDayOfWeek(%q) = %q %s, want %q", c.in, got, why, c.want)
		}
	}
	if _, why := unixDayOfWeek("8"); why == "" {
		t.Errorf("8 accepted")
	}
}

// TestFireDatesAgainstQuartz compares fireDates with the real Quartz 2.3
// CronExpression (what DS 2.0.x runs) on curated and random expressions. It
// needs the Debian package libquartz2-java (.ci/run installs it); without the
// jar it skips, and fails under CI=true.
func TestFireDatesAgainstQuartz(t *testing.T) {
	jar := os.Getenv("DSMIGRATE_QUARTZ_JAR")
	if jar == "" {
		jar = "/usr/share/java/quartz2.jar"
	}
	if _, err := os.Stat(jar); err != nil {
		testenv.Unavailable(t, "no Quartz jar at %s (apt-get install libquartz2-java)", jar)
	}
	java := testenv.Tool(t, "java")

	type probe struct{ cron, from, to, zone string }
	// The DST cases (#12.4): 2.0.9's master evaluated crons in its JVM zone.
	probes := []probe{
		{"0 0 * * * ?", "2024-03-31 00:00:00", "2024-03-31 04:00:00", "Europe/Berlin"},
		{"0 0 * * * ?", "2024-03-31 00:00:00", "2024-03-31 04:00:00", "UTC"},
		{"0 0 * * * ?", "2024-10-27 00:00:00", "2024-10-27 04:00:00", "Europe/Berlin"},
		{"0 */30 * * * ?", "2024-03-31 01:00:00", "2024-03-31 04:00:00", "Europe/Berlin"},
		{"0 */30 * * * ?", "2024-10-27 01:00:00", "2024-10-27 04:00:00", "Europe/Berlin"},
		{"0 30 2 * * ?", "2024-03-29 00:00:00", "2024-04-02 04:00:00", "Europe/Berlin"},
		{"0 30 2,3 * * ?", "2024-03-30 00:00:00", "2024-04-01 04:00:00", "Europe/Berlin"},
		{"0 0 0 * * ?", "2018-11-02 00:00:00", "2018-11-06 04:00:00", "America/Sao_Paulo"},
		{"0 0 0 * * ?", "2011-12-28 00:00:00", "2012-01-02 00:00:00", "Pacific/Apia"},
		{"0 0 2 ? * SUN", "2023-01-01 00:00:00", "2025-12-31 00:00:00", "America/New_York"},
	}
	for _, p := range []probe{
		{"0 0 0 29 2 ?", "2023-01-01 00:00:00", "2030-12-31 00:00:00", ""},
		{"0 0 0 30 2 ?", "2023-01-01 00:00:00", "2030-12-31 00:00:00", ""},
		{"0 0 0 31 * ?", "2024-01-01 00:00:00", "2025-12-31 00:00:00", ""},
		{"0 0 0 LW * ?", "2024-01-01 00:00:00", "2025-12-31 00:00:00", ""},
		{"0 0 0 ? * 5L", "2024-01-01 00:00:00", "2025-12-31 00:00:00", ""},
		{"0 0 0 ? * 6#5", "2024-01-01 00:00:00", "2026-12-31 00:00:00", ""},
		{"0 15 10 L-2 * ?", "2024-01-01 00:00:00", "2025-12-31 00:00:00", ""},
		{"0 0 0 * * ? *", "2024-12-25 00:00:00", "2025-01-05 00:00:00", ""},
		{"0 0 0 31W * ?", "2024-01-01 00:00:00", "2025-12-31 00:00:00", ""},
		{"0 0 0 ? * 1/3", "2024-01-01 00:00:00", "2024-03-31 00:00:00", ""},
		{"0 0 0 ? * L", "2024-01-01 00:00:00", "2024-03-31 00:00:00", ""},
		{"0 0 0 * * ? 2099", "2099-12-30 00:00:00", "2099-12-31 00:00:00", ""},
	} {
		probes = append(probes, p, probe{p.cron, p.from, p.to, "Europe/Berlin"})
	}
	rng := rand.New(rand.NewPCG(20240101, 2))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	for range 600 {
		dom, dow := "?", "?"
		if rng.IntN(2) == 0 {
			dom = pick("*", "1", "15", "28", "29", "30", "31", "L", "L-3", "15W", "1W", "30W", "31W", "LW", "1-5", "*/10", "5/7", "28-31", "1,15,31", "31-1")
		} else {
			dow = pick("*", "1", "2", "7", "MON-FRI", "6L", "2#3", "SUN", "1,7", "2-4", "3#5", "1L", "*/3", "L", "2/3", "SAT,SUN", "TUE#2", "FRI-MON", "sat")
		}
		fields := []string{pick("0", "30"), pick("0", "0,30", "15-16", "*/20"), pick("0", "1", "*/6", "23", "9-10", "22-2", "2", "1-3", "*"),
			dom, pick("*", "2", "1-3", "FEB", "*/3", "4,6,9,11", "2,4", "12", "NOV-DEC", "NOV-FEB"), dow}
		if y := pick("", "", "*", "2024", "2024-2025", "2025"); y != "" {
			fields = append(fields, y)
		}
		probes = append(probes, probe{strings.Join(fields, " "), "2023-06-01 00:00:00", "2026-06-30 00:00:00",
			pick("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")})
	}

	var in bytes.Buffer
	for _, p := range probes {
		zone := p.zone
		if zone == "" {
			zone = "UTC"
		}
		in.WriteString(p.cron + "\t" + p.from + "\t" + p.to + "\t" + zone + "\n")
	}
	src := filepath.Join("testdata", "QuartzFires.java")
	cmd := exec.Command(java, "-cp", jar, src)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("java QuartzFires: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(probes) {
		t.Fatalf("%d answers for %d probes", len(lines), len(probes))
	}
	compared, refused := 0, 0
	for i, p := range probes {
		var loc *time.Location
		if p.zone != "" {
			if loc, err = time.LoadLocation(p.zone); err != nil {
				t.Fatal(err)
			}
		}
		got, why := fireDates([]string{p.cron}, mustTime(t, p.from), mustTime(t, p.to), loc)
		switch {
		case lines[i] == "ERR":
			if why == "" {
				t.Errorf("%q: Quartz rejects it, dsmigrate gave %d dates", p.cron, len(got))
			}
		case why != "":
			refused++ // stricter than Quartz (e.g. nW with n > 28): refusing is allowed, guessing is not
			t.Logf("refused, Quartz accepts: %q: %s", p.cron, why)
		default:
			compared++
			if g := formatDates(got); g != lines[i] {
				t.Errorf("%q in %s: %s", p.cron, p.zone, firstDiff(strings.Split(g, ","), strings.Split(lines[i], ",")))
			}
		}
	}
	t.Logf("%d expressions compared with Quartz 2.3 (%d refused by dsmigrate only)", compared, refused)
}

// firstDiff describes where two date lists part.
func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			prev := "start"
			if i > 0 {
				prev = want[i-1]
			}
			return "after " + prev + ": dsmigrate " + got[i] + ", Quartz " + want[i]
		}
	}
	return "lengths " + strconv.Itoa(len(got)) + " vs Quartz " + strconv.Itoa(len(want))
}
