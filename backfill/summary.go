package backfill

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Summary is the JSON contract of plan / upgrade (DESIGN §3.1).
type Summary struct {
	RunID   *int64 `json:"run_id"`
	DryRun  bool   `json:"dry_run"`
	Resumed bool   `json:"resumed"`
	Shape   string `json:"shape"`
	// ServerTimezone is the zone complement fire dates were computed in
	// (Options.ServerTimezone).
	ServerTimezone string                   `json:"server_timezone"`
	Tables         map[string]*TableSummary `json:"tables"`
	// Refused lists refused rows. In memory it holds at most MaxRefusedKept;
	// WriteJSON streams the whole list of a run from dsmigrate_refused.
	Refused []Refusal `json:"refused"`
	// RefusedTotal counts every refused row (Refused may be cut short).
	RefusedTotal int64 `json:"refused_total"`
	// Rules counts each decision (transform finding rule) and keeps a few
	// before/after samples per rule.
	Rules map[string]*RuleSummary `json:"rules"`
	// Actions counts the rows created, moved or re-parked outside the
	// scanned table itself.
	Actions Actions `json:"actions"`
	// SchemaSteps lists the schema-path steps (upgrade --to) applied, or in
	// a plan, pending.
	SchemaSteps []string `json:"schema_steps,omitempty"`
	// ListSchemaSteps makes WriteText list every schema step (--verbose);
	// otherwise it prints one summary line.
	ListSchemaSteps bool `json:"-"`
	// Verify is the verify report `dsmigrate upgrade` runs at the end
	// (a *verify.Report; typed loosely to keep backfill free of verify).
	Verify any `json:"verify,omitempty"`

	// streamRefused, when set, walks every refused row of the run.
	streamRefused func(func(Refusal) error) error
}

// MaxRefusedKept bounds the refused rows a summary keeps in memory; the
// ledger keeps them all (dsmigrate_refused).
const MaxRefusedKept = 1000

// keepRefused adds refused rows up to the bound.
func (s *Summary) keepRefused(rs []Refusal) {
	s.RefusedTotal += int64(len(rs))
	if room := MaxRefusedKept - len(s.Refused); room > 0 {
		s.Refused = append(s.Refused, rs[:min(room, len(rs))]...)
	}
}

// WriteJSON writes the summary as one JSON document. For a run that wrote,
// "refused" holds every refused row, streamed from the ledger, so memory
// does not grow with their number.
func (s *Summary) WriteJSON(w io.Writer) error {
	if s.streamRefused == nil {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	shown := s.Refused
	s.Refused = []Refusal{}
	raw, err := json.Marshal(s)
	s.Refused = shown
	if err != nil {
		return err
	}
	head, tail, ok := bytes.Cut(raw, []byte(`"refused":[]`))
	if !ok {
		return errors.New("summary JSON: refused list not found")
	}
	bw := bufio.NewWriter(w)
	bw.Write(head)
	bw.WriteString(`"refused":[`)
	first := true
	err = s.streamRefused(func(r Refusal) error {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteByte(']')
	bw.Write(tail)
	bw.WriteByte('\n')
	return bw.Flush()
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
	fmt.Fprintf(tw, "Server time zone (complement dates): %s\n", s.ServerTimezone)
	s.writeSchemaSteps(tw)
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
		for i, r := range s.Refused {
			if i == textRefusedShown {
				break
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Table, r.ID, r.Reason)
		}
		if more := s.RefusedTotal - int64(min(len(s.Refused), textRefusedShown)); more > 0 {
			where := "--output json lists them all"
			if s.RunID != nil {
				where = fmt.Sprintf("all are in dsmigrate_refused (run_id = %d) and in --output json", *s.RunID)
			}
			fmt.Fprintf(tw, "… and %d more\t\t%s\n", more, where)
		}
	}
	return tw.Flush()
}

// textRefusedShown is how many refused rows the text summary lists.
const textRefusedShown = 50

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// writeSchemaSteps summarises the schema path of upgrade --to: DS versions
// from/to and the number of steps; every step only with ListSchemaSteps.
func (s *Summary) writeSchemaSteps(w io.Writer) {
	switch {
	case s.SchemaSteps == nil: // no --to
		return
	case len(s.SchemaSteps) == 0:
		fmt.Fprintln(w, "\nSchema path: nothing pending (the schema is DS 3.3.0's)")
		return
	}
	verb := "applied"
	if s.DryRun {
		verb = "to apply"
	}
	first, last := stepDSVersion(s.SchemaSteps[0]), stepDSVersion(s.SchemaSteps[len(s.SchemaSteps)-1])
	fmt.Fprintf(w, "\nSchema path: %d steps %s, DS %s … %s (DS's upgrade scripts, in their order)\n", len(s.SchemaSteps), verb, first, last)
	if !s.ListSchemaSteps {
		fmt.Fprintln(w, "  every step: --verbose, or the schema_steps list of --output json")
		return
	}
	for _, step := range s.SchemaSteps {
		fmt.Fprintf(w, "  %s\n", step)
	}
}

// stepDSVersion reads the DS version from a step line ("000089 3.1.1 dml: …").
func stepDSVersion(step string) string {
	if f := strings.Fields(step); len(f) > 1 {
		return f[1]
	}
	return "?"
}
