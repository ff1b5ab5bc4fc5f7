package watch

import (
	"log/slog"
	"sort"
	"strconv"
	"strings"
)

// logRound writes one line per finding (naming its rows and the fix), one
// per repair outcome, and a summary line.
func logRound(l *slog.Logger, r *Round) {
	for _, f := range r.Findings {
		l.Warn(f.Message, "check", f.Check, "table", f.Table, "count", f.Count, "ids", idText(f.IDs, f.Count), "fix", f.Fix)
	}
	if o := r.Repair; o != nil {
		for _, id := range sortedKeys(o.Guarded) {
			l.Warn("not repaired: a live master may be running it", "check", "repair", "instance", id, "reason", o.Guarded[id])
		}
		if len(o.RefusedBefore) > 0 {
			l.Warn("not retried: repair refused these before; see `dsmigrate repair` for why", "check", "repair",
				"instances", idText(o.RefusedBefore, int64(len(o.RefusedBefore))), "fix", "by hand, then they are repaired like the others")
		}
		for _, id := range sortedKeys(o.Refused) {
			l.Warn("repair refused", "check", "repair", "instance", id, "reason", o.Refused[id])
		}
		switch {
		case o.Skipped != "":
			l.Warn("repair skipped this round", "check", "repair", "result", o.Result, "reason", o.Skipped)
		case len(o.Repaired) > 0:
			l.Info("repaired: each instance now has one pending typed failover command; a master resumes it",
				"check", "repair", "result", o.Result, "run", o.RunID, "instances", idText(o.Repaired, int64(len(o.Repaired))),
				"undo", "dsmigrate rollback --run "+strconv.FormatInt(o.RunID, 10))
		}
	}
	l.Info("check done", "healthy", r.Healthy(), "stuck_failover_instances", r.StuckFailover, "in_grace", r.InGrace,
		"error_commands", r.ErrorCommands, "error_failover_commands", r.ErrorFailover, "error_commands_growth", r.ErrorGrowth,
		"unparseable_params", r.Unparseable, "stale_pending_commands", r.StalePending, "duration", r.Duration.Round(1e6).String())
}

// idText is "1,2,3" or "1,2,3,… (+N more)".
func idText(ids []int64, count int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	s := strings.Join(parts, ",")
	if more := count - int64(len(ids)); more > 0 {
		s += ",… (+" + strconv.FormatInt(more, 10) + " more)"
	}
	return s
}

func sortedKeys(m map[int64]string) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
