package verify

import (
	"sort"
	"time"
)

// Options tune Run.
type Options struct {
	// PageSize is the rows read per keyset page (default 5000).
	PageSize int
	// OnFinding receives every finding as it is found (error commands,
	// commands, instances, task instances, in id order within a table).
	// Use it to stream findings; a non-nil error stops the run.
	OnFinding func(Finding) error
	// KeepFindings bounds Report.Findings (default 1000, negative: none).
	// Counts and first ids per rule are always complete (Report.Rules).
	KeepFindings int
	// SampleIDs bounds RuleSummary.FirstIDs (default 100).
	SampleIDs int
	// Strict makes warnings count against Replayable too.
	Strict bool
	// ServerTimezone is the zone the DS master runs in (dsmigrate
	// --server-timezone); V07 flags backfill dates that do not exist there
	// (a DST gap). "" means UTC: no date is flagged for that.
	ServerTimezone string
}

// Checked counts the rows verify read.
type Checked struct {
	Instances     int64 `json:"instances"`
	Commands      int64 `json:"commands"`
	ErrorCommands int64 `json:"error_commands"`
	TaskInstances int64 `json:"task_instances"`
}

// Rows is the total of rows checked.
func (c Checked) Rows() int64 { return c.Instances + c.Commands + c.ErrorCommands + c.TaskInstances }

// RuleSummary is one rule's outcome, bounded in size.
type RuleSummary struct {
	Rule     string   `json:"rule"`
	Title    string   `json:"title"`
	Errors   int64    `json:"errors"`
	Warnings int64    `json:"warnings"`
	FirstIDs []string `json:"first_ids"` // "table:id" of the first SampleIDs rows, in scan order
	Fixes    []string `json:"fixes"`     // distinct fix commands seen, sorted
	// FixRows says which rows each fix is for (first few row refs per fix).
	FixRows []FixRows `json:"fix_rows"`
	// FixesOmitted counts findings whose fix was not kept (more than
	// maxFixesPerRule distinct fixes); each finding still carries its own.
	FixesOmitted int64 `json:"fixes_omitted,omitempty"`
}

// FixRows is one fix of a rule and the rows it applies to.
type FixRows struct {
	Fix      string   `json:"fix"`
	Findings int64    `json:"findings"`
	FirstIDs []string `json:"first_ids"` // "table:id", at most fixSampleIDs
}

const (
	maxFixesPerRule = 20
	fixSampleIDs    = 10
)

// Findings is the number of findings of the rule.
func (r RuleSummary) Findings() int64 { return r.Errors + r.Warnings }

// Report is verify's verdict. Its JSON is the DESIGN §3.1 verify document
// with Findings bounded by Options.KeepFindings (FindingsOmitted says how
// many were left out); `dsmigrate verify --output json` streams all of them.
type Report struct {
	Replayable      bool          `json:"replayable"`
	Checked         Checked       `json:"checked"`
	Findings        []Finding     `json:"findings"`
	FindingsOmitted int64         `json:"findings_omitted"`
	Rules           []RuleSummary `json:"rules"`
	Shape           string        `json:"shape"`
	Database        string        `json:"database"`
	ElapsedSeconds  float64       `json:"elapsed_seconds"`
	Passes          []Pass        `json:"passes"`
}

// Pass times one table's scan (the duplicate-name query is its own pass).
type Pass struct {
	Table   string  `json:"table"`
	Rows    int64   `json:"rows"`
	Seconds float64 `json:"seconds"`
}

// Errors is the number of error findings.
func (r *Report) Errors() int64 {
	var n int64
	for _, s := range r.Rules {
		n += s.Errors
	}
	return n
}

// Warnings is the number of warning findings.
func (r *Report) Warnings() int64 {
	var n int64
	for _, s := range r.Rules {
		n += s.Warnings
	}
	return n
}

// Rule returns the summary of one rule.
func (r *Report) Rule(id string) RuleSummary {
	for _, s := range r.Rules {
		if s.Rule == id {
			return s
		}
	}
	return RuleSummary{Rule: id}
}

// collector receives findings: it streams them, counts them per rule and
// keeps a bounded sample.
type collector struct {
	opts    Options
	report  *Report
	byRule  map[string]*RuleSummary
	fixes   map[string]map[string]*FixRows
	started time.Time
}

func newCollector(opts Options) *collector {
	if opts.PageSize <= 0 {
		opts.PageSize = 5000
	}
	if opts.KeepFindings == 0 {
		opts.KeepFindings = 1000
	}
	if opts.SampleIDs <= 0 {
		opts.SampleIDs = 100
	}
	c := &collector{opts: opts, report: &Report{Findings: []Finding{}}, byRule: map[string]*RuleSummary{},
		fixes: map[string]map[string]*FixRows{}, started: time.Now()}
	for _, r := range Rules {
		c.report.Rules = append(c.report.Rules, RuleSummary{Rule: r.ID, Title: r.Title, FirstIDs: []string{}, Fixes: []string{}})
	}
	for i := range c.report.Rules {
		c.byRule[c.report.Rules[i].Rule] = &c.report.Rules[i]
	}
	return c
}

// add records one finding.
func (c *collector) add(f Finding) error {
	s := c.byRule[f.Rule]
	if f.Severity == SeverityWarning {
		s.Warnings++
	} else {
		s.Errors++
	}
	if ref := f.Ref(); len(s.FirstIDs) < c.opts.SampleIDs && (len(s.FirstIDs) == 0 || s.FirstIDs[len(s.FirstIDs)-1] != ref) {
		s.FirstIDs = append(s.FirstIDs, ref) // a row's findings come one after another
	}
	c.addFix(s, f)
	if len(c.report.Findings) < c.opts.KeepFindings {
		c.report.Findings = append(c.report.Findings, f)
	} else {
		c.report.FindingsOmitted++
	}
	if c.opts.OnFinding != nil {
		return c.opts.OnFinding(f)
	}
	return nil
}

// addFix counts f under its fix, keeping the first rows of each fix.
func (c *collector) addFix(s *RuleSummary, f Finding) {
	byFix := c.fixes[f.Rule]
	if byFix == nil {
		byFix = map[string]*FixRows{}
		c.fixes[f.Rule] = byFix
	}
	rows := byFix[f.Fix]
	if rows == nil {
		if len(byFix) >= maxFixesPerRule {
			s.FixesOmitted++
			return
		}
		rows = &FixRows{Fix: f.Fix, FirstIDs: []string{}}
		byFix[f.Fix] = rows
	}
	rows.Findings++
	if ref := f.Ref(); len(rows.FirstIDs) < fixSampleIDs && (len(rows.FirstIDs) == 0 || rows.FirstIDs[len(rows.FirstIDs)-1] != ref) {
		rows.FirstIDs = append(rows.FirstIDs, ref)
	}
}

// emit builds and records a finding.
func (c *collector) emit(rule, severity, table string, id int64, message, fix string) error {
	return c.add(Finding{Rule: rule, Severity: severity, Table: table, ID: id, Message: message, Fix: fix})
}

func (c *collector) finish() *Report {
	r := c.report
	for i := range r.Rules {
		s := &r.Rules[i]
		for f, rows := range c.fixes[s.Rule] {
			s.Fixes = append(s.Fixes, f)
			s.FixRows = append(s.FixRows, *rows)
		}
		sort.Strings(s.Fixes)
		sort.Slice(s.FixRows, func(i, j int) bool { return s.FixRows[i].Fix < s.FixRows[j].Fix })
	}
	r.Replayable = r.Errors() == 0 && (!c.opts.Strict || r.Warnings() == 0)
	r.ElapsedSeconds = time.Since(c.started).Seconds()
	return r
}
