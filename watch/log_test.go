package watch

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestIDTextIsBounded(t *testing.T) {
	for _, tt := range []struct {
		ids   []int64
		count int64
		want  string
	}{
		{[]int64{}, 0, ""},
		{[]int64{7}, 1, "7"},
		{[]int64{1, 2, 3}, 3, "1,2,3"},
		{[]int64{1, 2}, 40, "1,2,… (+38 more)"},
	} {
		if got := idText(tt.ids, tt.count); got != tt.want {
			t.Errorf("idText(%v, %d) = %q, want %q", tt.ids, tt.count, got, tt.want)
		}
	}
}

// One JSON line per finding, naming the rows and the fix, then a summary.
func TestLogRoundJSON(t *testing.T) {
	var buf bytes.Buffer
	r := &Round{StuckFailover: 3, Duration: 12 * time.Millisecond, Findings: []Finding{
		{Check: CheckStuckFailover, Table: "instance", Count: 3, IDs: []int64{4, 5}, Message: "stuck", Fix: "dsmigrate repair --apply"}},
		Repair: &RepairOutcome{Repaired: []int64{4}, RunID: 9, Guarded: map[int64]string{5: "live master"}, Result: RepairApplied}}
	logRound(slog.New(slog.NewJSONHandler(&buf, nil)), r)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	var f map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &f); err != nil {
		t.Fatal(err)
	}
	if f["check"] != CheckStuckFailover || f["ids"] != "4,5,… (+1 more)" || f["fix"] != "dsmigrate repair --apply" || f["level"] != "WARN" {
		t.Errorf("finding line %v", f)
	}
	if !strings.Contains(lines[1], `"instance":5`) || !strings.Contains(lines[2], `"undo":"dsmigrate rollback --run 9"`) ||
		!strings.Contains(lines[3], `"healthy":false`) {
		t.Errorf("repair and summary lines:\n%s", strings.Join(lines[1:], "\n"))
	}
}

func TestOptionDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.Interval != time.Minute || o.Grace != 5*time.Minute || o.Lookback != time.Minute || o.RepairLimit != 10 ||
		o.MaxBackoff != 30*time.Second || o.MinBackoff != time.Second || o.Logger == nil {
		t.Errorf("defaults %+v", o)
	}
	if o := (Options{Interval: 5 * time.Second}).withDefaults(); o.MaxBackoff != 5*time.Second {
		t.Errorf("backoff cap %v, want the interval", o.MaxBackoff)
	}
}
