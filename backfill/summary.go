package backfill

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// Summary is the JSON contract of plan / upgrade (DESIGN §3.1).
type Summary struct {
	RunID   *int64                   `json:"run_id"`
	DryRun  bool                     `json:"dry_run"`
	Resumed bool                     `json:"resumed"`
	Shape   string                   `json:"shape"`
	Tables  map[string]*TableSummary `json:"tables"`
	Refused []Refusal                `json:"refused"`
	// Rules counts each decision (transform finding rule) and keeps a few
	// before/after samples per rule.
	Rules map[string]*RuleSummary `json:"rules"`
	// Actions counts the rows created, moved or re-parked outside the
	// scanned table itself.
	Actions Actions `json:"actions"`
}

// TableSummary counts one logical table.
type TableSummary struct {
	Scanned int64 `json:"scanned"`
	Changed int64 `json:"changed"`
	Refused int64 `json:"refused"`
}

// Refusal is a row left untouched, with why.
type Refusal struct {
	Table  string `json:"table"`
	ID     int64  `json:"id"`
	Reason string `json:"reason"`
}

// RuleSummary counts one rule and keeps samples.
type RuleSummary struct {
	Count   int64    `json:"count"`
	Samples []Sample `json:"samples,omitempty"`
}

// Sample is one row before and after.
type Sample struct {
	Table  string `json:"table"`
	ID     int64  `json:"id"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Actions counts side effects.
type Actions struct {
	InstancesCreated        int64 `json:"instances_created"`
	FailoverCommandsCreated int64 `json:"failover_commands_created"`
	InstancesParkedAt18     int64 `json:"instances_parked_at_failover"`
	CommandsRetired         int64 `json:"commands_retired"`
}

func newSummary(shape string, dryRun bool) *Summary {
	return &Summary{Shape: shape, DryRun: dryRun, Tables: map[string]*TableSummary{}, Refused: []Refusal{}, Rules: map[string]*RuleSummary{}}
}

func (s *Summary) table(name string) *TableSummary {
	t := s.Tables[name]
	if t == nil {
		t = &TableSummary{}
		s.Tables[name] = t
	}
	return t
}

// rule counts a decision and keeps up to max samples of it.
func (s *Summary) rule(name string, max int, sample Sample) {
	r := s.Rules[name]
	if r == nil {
		r = &RuleSummary{}
		s.Rules[name] = r
	}
	r.Count++
	if len(r.Samples) < max && (sample.Before != "" || sample.After != "") {
		r.Samples = append(r.Samples, sample)
	}
}

// RefusedCount is the number of rows refused in all tables.
func (s *Summary) RefusedCount() int64 {
	var n int64
	for _, t := range s.Tables {
		n += t.Refused
	}
	return n
}

// WriteText renders the summary for people.
func (s *Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch {
	case s.DryRun:
		fmt.Fprintln(tw, "Plan (dry run: nothing was written)")
	case s.RunID != nil:
		fmt.Fprintf(tw, "Run %d (schema shape %s)%s\n", *s.RunID, s.Shape, map[bool]string{true: ", resumed", false: ""}[s.Resumed])
	}
	fmt.Fprintln(tw, "\nTABLE\tSCANNED\tCHANGED\tREFUSED")
	for _, name := range sortedNames(s.Tables) {
		t := s.Tables[name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", name, t.Scanned, t.Changed, t.Refused)
	}
	a := s.Actions
	fmt.Fprintf(tw, "\nInstances created for commands\t%d\nInstances parked at FAILOVER (18)\t%d\nFailover commands created\t%d\nCommands retired to t_ds_error_command\t%d\n",
		a.InstancesCreated, a.InstancesParkedAt18, a.FailoverCommandsCreated, a.CommandsRetired)
	if len(s.Rules) > 0 {
		fmt.Fprintln(tw, "\nRULE\tROWS")
		for _, name := range sortedNames(s.Rules) {
			fmt.Fprintf(tw, "%s\t%d\n", name, s.Rules[name].Count)
		}
	}
	if len(s.Refused) > 0 {
		fmt.Fprintln(tw, "\nREFUSED (left untouched)\tID\tREASON")
		for _, r := range s.Refused {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Table, r.ID, r.Reason)
		}
	}
	return tw.Flush()
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
