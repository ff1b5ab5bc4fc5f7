package verify_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	"github.com/dsmigrate/dsmigrate/verify"
)

// A release pipeline step: verify the staging copy after `dsmigrate upgrade`,
// stream every finding as a JSON line, keep a JUnit report, fail the job when
// the database is not replayable. (Not run by `go test`: it needs a database.)
func ExampleRun() {
	db, err := sql.Open("mysql", os.Getenv("DSMIGRATE_DSN")) // parseTime=true
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	findings, err := os.Create("verify-findings.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	defer findings.Close()
	report, err := verify.Run(context.Background(), db, verify.Options{
		OnFinding: func(f verify.Finding) error {
			_, err := fmt.Fprintf(findings, "{\"rule\":%q,\"table\":%q,\"id\":%d,\"fix\":%q}\n", f.Rule, f.Table, f.ID, f.Fix)
			return err
		},
	})
	if err != nil {
		log.Fatal(err) // connection error, or verify.ErrShape
	}
	junit, err := os.Create("verify-junit.xml")
	if err != nil {
		log.Fatal(err)
	}
	defer junit.Close()
	if err := verify.WriteJUnit(junit, report, verify.JUnitMaxIDs); err != nil {
		log.Fatal(err)
	}
	for _, rule := range report.Rules {
		if rule.Errors > 0 {
			fmt.Printf("%s %s: %d rows, e.g. %v (fix: %v)\n", rule.Rule, rule.Title, rule.Errors, rule.FirstIDs[:1], rule.Fixes)
		}
	}
	if !report.Replayable {
		os.Exit(1)
	}
}

// What a DS 3.3 master gets from an instance's command_param: the legacy
// 2.0 map has no type id, so it is null — the #16878 failure.
func ExampleParseCommandParam() {
	legacy := `{"ProcessInstanceId":"12","StartNodeList":"1,2"}`
	typed := `{"commandType":"START_PROCESS","startNodes":["20001",20002],"timeZone":"Asia/Shanghai"}`
	for _, s := range []string{legacy, typed} {
		p := verify.ParseCommandParam(&s, verify.ICommandParam)
		if !p.OK {
			fmt.Println("null:", p.Reason)
			continue
		}
		fmt.Println(p.TypeID, p.StartNodes, *p.TimeZone)
	}
	// Output:
	// null: missing type id property 'commandType'
	// START_PROCESS [{20001 true} {20002 true}] Asia/Shanghai
}
