package verify

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/oracle"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// corpusSize is the number of generated params; each is checked as
// ICommandParam and as WorkflowFailoverCommandParam.
const (
	corpusSize = 12000
	corpusSeed = 20241018
)

type agreementCase struct {
	key    string
	param  *string
	target Target
	origin string // corpus | catalogue-before | catalogue-after
}

// TestOracleAgreement: V01's verdict equals real Jackson's (../shared/oracle)
// on every param of the catalogue fixture, before and after backfill.Run,
// and on a seeded corpus of mutated params, for both targets; when both say
// "parses", the values V05–V07 read (type id, startNodes, timeZone,
// backfillTimeList, status, workflowInstanceId) agree too. One JVM run.
func TestOracleAgreement(t *testing.T) {
	cases := corpusCases(corpusSize, corpusSeed)
	cases = append(cases, floatShapeCases()...)
	cases = append(cases, catalogueCases(t)...)
	oc := make([]oracle.Case, len(cases))
	for i, c := range cases {
		oc[i] = oracle.Case{Key: c.key, Param: c.param}
		if c.target == FailoverCommandParam {
			oc[i].Target = "WorkflowFailoverCommandParam"
		}
	}
	verdicts := oracle.Parse(t, oc)
	type tally struct{ n, ok, falseOK, falseBroken, valueDiff int }
	tallies := map[string]*tally{}
	shown := 0
	for _, c := range cases {
		name := fmt.Sprintf("%s/%s", c.origin, targetName(c.target))
		tl := tallies[name]
		if tl == nil {
			tl = &tally{}
			tallies[name] = tl
		}
		tl.n++
		v := verdicts[c.key]
		got := ParseCommandParam(c.param, c.target)
		if v.OK() {
			tl.ok++
		}
		var problem string
		switch {
		case got.OK && !v.OK():
			tl.falseOK++
			problem = "false ok (Jackson: " + v.Reason + " " + v.Error + ")"
		case !got.OK && v.OK():
			tl.falseBroken++
			problem = "false broken (model: " + got.Reason + ")"
		case got.OK:
			if d := compareParsed(got, v.Parsed); d != "" {
				tl.valueDiff++
				problem = "value differs: " + d
			}
		}
		if problem != "" && shown < 30 {
			shown++
			t.Errorf("%s %s: %s\n  param %.300q", c.key, targetName(c.target), problem, deref(c.param))
		}
	}
	for name, tl := range tallies {
		t.Logf("%-32s %6d params, %6d parse in Jackson; false ok %d, false broken %d, value mismatches %d",
			name, tl.n, tl.ok, tl.falseOK, tl.falseBroken, tl.valueDiff)
	}
}

func targetName(t Target) string {
	if t == FailoverCommandParam {
		return "WorkflowFailoverCommandParam"
	}
	return "ICommandParam"
}

// corpusCases generates n params, each under both targets.
func corpusCases(n int, seed uint64) []agreementCase {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := make([]agreementCase, 0, 2*n)
	for i := 0; i < n; i++ {
		s, _ := g.generate(0)
		s = javaVisible(s)
		for _, target := range []Target{ICommandParam, FailoverCommandParam} {
			out = append(out, agreementCase{key: fmt.Sprintf("corpus/%d/%d", i, target), param: &s, target: target, origin: "corpus"})
		}
	}
	return out
}

// javaVisible is the string the JVM receives through a JSON Lines case:
// invalid UTF-8 becomes U+FFFD, as it would through the JDBC driver.
func javaVisible(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// catalogueCases loads the catalogue fixture, collects every instance,
// command and error command param, runs backfill.Run and collects them again.
// Without a test database (outside CI) it returns none and says so.
func catalogueCases(t *testing.T) []agreementCase {
	if os.Getenv("DSMIGRATE_TEST_DSN") == "" && !testenv.InCI() {
		t.Log("DSMIGRATE_TEST_DSN not set: catalogue params left out, corpus only")
		return nil
	}
	db := dbtest.New(t)
	ctx := context.Background()
	if err := fixtures.LoadLegacy(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	out := collectParams(t, db.SQL, "catalogue-before", "t_ds_process_instance")
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{Orphans: backfill.OrphansFinalize}); err != nil {
		t.Fatal(err)
	}
	return append(out, collectParams(t, db.SQL, "catalogue-after", "t_ds_process_instance")...)
}

func collectParams(t *testing.T, db *sql.DB, origin, instanceTable string) []agreementCase {
	t.Helper()
	var out []agreementCase
	for _, table := range []string{instanceTable, "t_ds_command", "t_ds_error_command"} {
		rows, err := db.Query("SELECT id, command_param FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var p sql.NullString
			if err := rows.Scan(&id, &p); err != nil {
				t.Fatal(err)
			}
			var param *string
			if p.Valid {
				s := p.String
				param = &s
			}
			for _, target := range []Target{ICommandParam, FailoverCommandParam} {
				out = append(out, agreementCase{key: fmt.Sprintf("%s/%s/%d/%d", origin, table, id, target),
					param: param, target: target, origin: origin})
			}
		}
		rows.Close()
	}
	return out
}
