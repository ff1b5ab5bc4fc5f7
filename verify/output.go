package verify

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jstemmer/go-junit-report/v2/junit"
)

// WriteText writes the human report: per rule its counts, title, first row
// ids and fix commands, then the verdict.
func WriteText(w io.Writer, r *Report, maxIDs int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "dsmigrate verify: database %s, shape %s\n", r.Database, r.Shape)
	fmt.Fprintf(bw, "checked %d instances, %d commands, %d error commands, %d task instances in %.1fs\n\n",
		r.Checked.Instances, r.Checked.Commands, r.Checked.ErrorCommands, r.Checked.TaskInstances, r.ElapsedSeconds)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tERRORS\tWARNINGS\tWHAT")
	for _, s := range r.Rules {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", s.Rule, s.Errors, s.Warnings, s.Title)
		if s.Findings() > 0 {
			fmt.Fprintf(tw, "\t\t\t  rows: %s\n", listIDs(s.FirstIDs, s.Findings(), maxIDs))
			writeFixes(tw, s)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "REPLAYABLE: a DS 3.3 master can replay every instance and command"
	if !r.Replayable {
		verdict = fmt.Sprintf("NOT REPLAYABLE: %d errors, %d warnings (every finding: --output json)", r.Errors(), r.Warnings())
	} else if r.Warnings() > 0 {
		verdict += fmt.Sprintf(" (%d warnings)", r.Warnings())
	}
	fmt.Fprintf(bw, "\n%s\n", verdict)
	return bw.Flush()
}

// writeFixes prints a rule's fixes; when there are several, each says which
// rows it is for.
func writeFixes(w io.Writer, s RuleSummary) {
	for _, f := range s.FixRows {
		if len(s.FixRows) == 1 && s.FixesOmitted == 0 {
			fmt.Fprintf(w, "\t\t\t  fix:  %s\n", f.Fix)
			continue
		}
		fmt.Fprintf(w, "\t\t\t  fix:  %s\n\t\t\t        for %s\n", f.Fix, listIDs(f.FirstIDs, f.Findings, fixSampleIDs))
	}
	if s.FixesOmitted > 0 {
		fmt.Fprintf(w, "\t\t\t  fix:  %d more findings with other fixes (each finding's fix: --output json)\n", s.FixesOmitted)
	}
}

// listIDs shows at most max ids, then "and N more" (total counts findings,
// several of which may be on one row).
func listIDs(ids []string, total int64, max int) string {
	if max <= 0 || max > len(ids) {
		max = len(ids)
	}
	s := strings.Join(ids[:max], ", ")
	if rest := total - int64(max); rest > 0 {
		s += fmt.Sprintf(" and %d more findings", rest)
	}
	return s
}

// JUnitMaxIDs is the number of row ids a JUnit failure lists.
const JUnitMaxIDs = 100

// WriteJUnit writes one test suite with one test case per rule; a rule with
// errors fails (warnings only: passes, listed in system-out). A failure
// lists at most maxIDs row ids, so the file size does not follow the
// number of findings.
func WriteJUnit(w io.Writer, r *Report, maxIDs int) error {
	suite := junit.Testsuite{Name: "dsmigrate verify", Time: strconv.FormatFloat(r.ElapsedSeconds, 'f', 3, 64)}
	suite.AddProperty("database", r.Database)
	suite.AddProperty("shape", r.Shape)
	suite.AddProperty("rows_checked", strconv.FormatInt(r.Checked.Rows(), 10))
	for _, s := range r.Rules {
		tc := junit.Testcase{Name: s.Rule + " " + s.Title, Classname: "dsmigrate.verify." + s.Rule, Time: "0"}
		ids := listIDs(s.FirstIDs, s.Findings(), maxIDs)
		detail := fmt.Sprintf("rows: %s\nfix: %s\n", ids, strings.Join(s.Fixes, "; "))
		switch {
		case s.Errors > 0:
			tc.Failure = &junit.Result{Type: "NotReplayable",
				Message: fmt.Sprintf("%d errors, %d warnings: %s", s.Errors, s.Warnings, clipIDs(ids)), Data: detail}
		case s.Warnings > 0:
			tc.SystemOut = &junit.Output{Data: fmt.Sprintf("%d warnings\n%s", s.Warnings, detail)}
		}
		suite.AddTestcase(tc)
	}
	suites := junit.Testsuites{Name: "dsmigrate"}
	suites.AddSuite(suite)
	return suites.WriteXML(w)
}

func clipIDs(s string) string {
	if len(s) <= 200 {
		return s
	}
	return s[:197] + "..."
}

// GitHubAnnotations writes `::error`/`::warning` workflow commands for the
// first findings: at most PerRule per rule and Total in all, then one line
// saying how many were left out.
type GitHubAnnotations struct {
	W              io.Writer
	PerRule, Total int
	written        int
	perRule        map[string]int
	omitted        int64
}

// Add annotates one finding (or counts it as omitted).
func (g *GitHubAnnotations) Add(f Finding) error {
	if g.perRule == nil {
		g.perRule = map[string]int{}
	}
	if g.written >= g.Total || g.perRule[f.Rule] >= g.PerRule {
		g.omitted++
		return nil
	}
	g.written++
	g.perRule[f.Rule]++
	level := "error"
	if f.Severity == SeverityWarning {
		level = "warning"
	}
	_, err := fmt.Fprintf(g.W, "::%s title=dsmigrate verify %s::%s %d: %s (fix: %s)\n", level, f.Rule, f.Table, f.ID,
		ghEscape(f.Message), ghEscape(f.Fix))
	return err
}

// Close writes the summary of what was left out.
func (g *GitHubAnnotations) Close() error {
	if g.omitted == 0 {
		return nil
	}
	_, err := fmt.Fprintf(g.W, "::error title=dsmigrate verify::%d more findings not annotated; see the verify report\n", g.omitted)
	return err
}

// ghEscape escapes a workflow command's message (%, CR, LF).
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// JSONStream writes the DESIGN §3.1 verify document while verify runs: the
// findings array first, one finding at a time, then the verdict fields.
// Memory does not follow the number of findings.
type JSONStream struct {
	w     *bufio.Writer
	count int64
	err   error
}

// NewJSONStream starts the document on w.
func NewJSONStream(w io.Writer) *JSONStream {
	s := &JSONStream{w: bufio.NewWriterSize(w, 64<<10)}
	_, s.err = s.w.WriteString("{\n  \"findings\": [")
	return s
}

// Add writes one finding.
func (s *JSONStream) Add(f Finding) error {
	if s.err != nil {
		return s.err
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	sep := ",\n    "
	if s.count == 0 {
		sep = "\n    "
	}
	s.count++
	if _, err := s.w.WriteString(sep); err != nil {
		s.err = err
		return err
	}
	_, s.err = s.w.Write(b)
	return s.err
}

// Finish closes the findings array and writes the rest of the report
// (replayable, checked, rules, shape, …) and flushes.
func (s *JSONStream) Finish(r *Report) error {
	if s.err != nil {
		return s.err
	}
	rest := *r
	rest.Findings = nil
	b, err := json.MarshalIndent(struct {
		Replayable     bool          `json:"replayable"`
		Checked        Checked       `json:"checked"`
		Rules          []RuleSummary `json:"rules"`
		Shape          string        `json:"shape"`
		Database       string        `json:"database"`
		ElapsedSeconds float64       `json:"elapsed_seconds"`
		Passes         []Pass        `json:"passes"`
	}{rest.Replayable, rest.Checked, rest.Rules, rest.Shape, rest.Database, rest.ElapsedSeconds, rest.Passes}, "  ", "  ")
	if err != nil {
		return err
	}
	end := "\n  ],\n  "
	if s.count == 0 {
		end = "],\n  "
	}
	// b is {…}: splice its members after the findings array.
	if _, err := s.w.WriteString(end + strings.TrimSpace(string(b[1:len(b)-1])) + "\n}\n"); err != nil {
		return err
	}
	return s.w.Flush()
}
