package verify

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

func TestRefusalFix(t *testing.T) {
	cases := []struct{ reason, want string }{
		{"command_param: not valid JSON", "write the JSON object that was meant"},
		{"command_param: a top-level array, not a JSON object", "replace command_param with a JSON object"},
		{"command_param: the converted value is 65671 bytes, the column holds at most 65535; left untouched", "shorten its parameters"},
		{"state: the instance is at 6 FAILURE; a failover command cannot resume it", "delete the command"},
		{`commandType: "RECOVER_TOLERANCE_FAULT_PROCESS" is not a registered 3.3 type id`, "correct or remove commandType"},
		{"definition (code 99999, version 1) is not in the definition log: not replayable", FixOrphans},
		{"something new", "correct the row as the reason says"},
	}
	for _, c := range cases {
		if got := refusalFix(c.reason); !strings.Contains(got, c.want) {
			t.Errorf("refusalFix(%q) = %q, want it to say %q", c.reason, got, c.want)
		}
	}
	var none *refusals
	if got := none.fix("command:1", FixUpgrade); got != FixUpgrade {
		t.Errorf("no ledger: fix changed to %q", got)
	}
	r := &refusals{run: 3, rows: map[string]string{"command:20": "command_param: not valid JSON"}}
	if got := r.fix("command:20", FixUpgrade); !strings.HasPrefix(got, "upgrade run 3 refused it (command_param: not valid JSON): by hand") {
		t.Errorf("refused row: %q", got)
	}
	if got := r.fix("command:21", FixUpgrade); got != FixUpgrade {
		t.Errorf("row not refused: %q", got)
	}
}

// TestFixesOfRefusedRows: after `upgrade --to 3.3.0` on the catalogue (the
// fixture's full 2.0.9 schema, orphans refused), a finding on a row upgrade
// refused names its refusal reason and the manual fix, never plain
// "dsmigrate upgrade" (which would refuse it again); other rows keep theirs;
// and where a rule has several fixes the text says which rows each is for.
func TestFixesOfRefusedRows(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	for _, f := range []string{fixtures.SchemaLegacy, fixtures.SchemaRest, fixtures.Catalogue} {
		if err := fixtures.Exec(ctx, db.SQL, f); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := backfill.Run(ctx, db.SQL, backfill.Options{To: "3.3.0"})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, r := range sum.Refused {
		reasons[r.Table+":"+strconv.FormatInt(r.ID, 10)] = r.Reason
	}
	rep, all := verifyAll(t, db, Options{})
	byRow := map[string][]Finding{}
	for _, f := range all {
		byRow[f.Ref()] = append(byRow[f.Ref()], f)
	}
	for _, ref := range []string{"command:18", "command:19", "command:20", "command:24", "command:27", "command:29", "instance:28", "error_command:112"} {
		reason, ok := reasons[ref]
		if !ok {
			t.Errorf("%s was not refused (catalogue changed?)", ref)
			continue
		}
		named := false
		for _, f := range byRow[ref] {
			if f.Fix == FixUpgrade {
				t.Errorf("%s %s: fix %q for a row upgrade refused (%s)", f.Rule, ref, f.Fix, reason)
			}
			named = named || strings.Contains(f.Fix, "refused it ("+reason+")")
		}
		if !named {
			t.Errorf("%s: no finding names its refusal %q: %+v", ref, reason, byRow[ref])
		}
	}
	for _, f := range byRow["instance:28"] {
		if f.Rule == V03 && !strings.Contains(f.Fix, "by hand") {
			t.Errorf("V03 on refused instance 28: fix %q", f.Fix)
		}
	}
	for _, f := range byRow["instance:37"] { // not refused: its own fix
		if f.Rule == V02 && f.Fix != manual("set state by hand") {
			t.Errorf("V02 instance 37: fix %q", f.Fix)
		}
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, rep, 10); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "fix:  ") && len(ruleOf(rep, lines, i).FixRows) > 1 {
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "for ") {
				t.Errorf("fix line %q does not say which rows it is for:\n%s", l, buf.String())
			}
		}
	}
}

// ruleOf finds the summary of the rule whose block holds text line i.
func ruleOf(rep *Report, lines []string, i int) RuleSummary {
	for ; i >= 0; i-- {
		if len(lines[i]) >= 3 && lines[i][0] == 'V' {
			return rep.Rule(lines[i][:3])
		}
	}
	return RuleSummary{}
}
