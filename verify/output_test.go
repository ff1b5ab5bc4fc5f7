package verify

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// bigReport has 250000 findings on V01 and a few on V05.
func bigReport(t *testing.T, sink func(Finding) error) *Report {
	t.Helper()
	c := newCollector(Options{OnFinding: sink})
	for i := int64(1); i <= 250000; i++ {
		if err := c.emit(V01, SeverityError, "instance", i, "does not parse", FixUpgrade); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.emit(V05, SeverityWarning, "command", 7, "status by ordinal", manual("write the name"))
	c.report.Checked = Checked{Instances: 250000, Commands: 10}
	return c.finish()
}

func TestJSONStreamIsTheContract(t *testing.T) {
	var out bytes.Buffer
	s := NewJSONStream(&out)
	r := bigReport(t, s.Add)
	if err := s.Finish(r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var findings []Finding
	var replayable bool
	var checked map[string]int64
	_ = json.Unmarshal(doc["findings"], &findings)
	_ = json.Unmarshal(doc["replayable"], &replayable)
	_ = json.Unmarshal(doc["checked"], &checked)
	if len(findings) != 250001 || replayable || checked["instances"] != 250000 || len(checked) != 4 {
		t.Errorf("%d findings, replayable %v, checked %v", len(findings), replayable, checked)
	}
	if f := findings[250000]; f != (Finding{V05, SeverityWarning, "command", 7, "status by ordinal", manual("write the name")}) {
		t.Errorf("last finding %+v", f)
	}
	if len(r.Findings) != 1000 || r.FindingsOmitted != 249001 {
		t.Errorf("report kept %d findings, omitted %d", len(r.Findings), r.FindingsOmitted)
	}
	// No finding at all: still one valid document with an empty array.
	out.Reset()
	s = NewJSONStream(&out)
	if err := s.Finish(newCollector(Options{}).finish()); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || string(doc["findings"]) != "[]" || string(doc["replayable"]) != "true" {
		t.Errorf("empty report: %v %s", err, out.String())
	}
}

func TestJUnitAndTextAreBounded(t *testing.T) {
	r := bigReport(t, nil)
	var x bytes.Buffer
	if err := WriteJUnit(&x, r, JUnitMaxIDs); err != nil {
		t.Fatal(err)
	}
	if x.Len() > 64<<10 {
		t.Errorf("JUnit report is %d bytes for 250001 findings", x.Len())
	}
	var suites struct {
		Suites []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Data    string `xml:",chardata"`
				} `xml:"failure"`
				Out string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(x.Bytes(), &suites); err != nil {
		t.Fatalf("invalid XML: %v", err)
	}
	cases := suites.Suites[0].Cases
	if len(cases) != 9 || cases[0].Failure == nil || cases[4].Failure != nil || !strings.Contains(cases[4].Out, "1 warnings") {
		t.Fatalf("test cases %+v", cases)
	}
	if d := cases[0].Failure.Data; !strings.Contains(d, "instance:100 and 249900 more findings") || strings.Contains(d, "instance:101,") {
		t.Errorf("V01 failure lists %.300s", d)
	}
	var text bytes.Buffer
	if err := WriteText(&text, r, 5); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"V01   250000", "instance:5 and 249995 more findings", "fix:  dsmigrate upgrade", "NOT REPLAYABLE"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
}

func TestGitHubAnnotationsAreBounded(t *testing.T) {
	var out bytes.Buffer
	g := &GitHubAnnotations{W: &out, PerRule: 3, Total: 5}
	for i := 0; i < 10; i++ {
		_ = g.Add(Finding{Rule: V01, Severity: SeverityError, Table: "instance", ID: int64(i), Message: "50% broken\nreally", Fix: FixUpgrade})
	}
	_ = g.Add(Finding{Rule: V05, Severity: SeverityWarning, Table: "command", ID: 1, Message: "m", Fix: "f"})
	_ = g.Close()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[3], "::warning title=dsmigrate verify V05::command 1") ||
		!strings.Contains(lines[0], "50%25 broken%0Areally") || !strings.Contains(lines[4], "7 more findings") {
		t.Errorf("annotations:\n%s", out.String())
	}
}
