// Package verify proves, read-only, that a DolphinScheduler 3.3 master can
// replay every workflow instance and every command of a database (DESIGN §5,
// reference §5): rules V01–V09, each finding with its rule, severity, logical
// table, row id, message and the dsmigrate command that fixes it.
//
//	report, err := verify.Run(ctx, db, verify.Options{
//		OnFinding: func(f verify.Finding) error { return enc.Encode(f) }, // streamed
//	})
//	if err != nil { … }             // connection, SQL, or ErrShape (mixed/unknown schema)
//	if !report.Replayable { … }     // exit 1 in the CLI
//
// # Rules and scope
//
//	V01 every instance's command_param parses as ICommandParam — a faithful
//	    model of Jackson (jackson*.go), diffed against the real library
//	    (oracle_test.go); not transforms.checkTyped, which is stricter on
//	    purpose.
//	V02 instance state live in 3.3; 18 only with a pending failover command.
//	V03 instance command_type live, task_depend_type and test_flag set,
//	    start_time set when unfinished.
//	V04 (definition code, version) of every pending command and unfinished
//	    instance is in the definition log and its WorkflowGraph builds
//	    (relations, task definitions, unique names and codes, KnownTaskTypes).
//	V05 every pending command: handler, instance, param right for the type.
//	V06 startNodes codes are tasks of the graph.
//	V07 timeZone is a Java ZoneId; COMPLEMENT_DATA backfillTimeList non-empty,
//	    formatted, ascending, first = schedule_time.
//	V08 task instances: live state, test_flag set, valid ones unique by name
//	    per instance and of a known type.
//	V09 no unfinished instance stranded behind an error command; error
//	    commands of a handled type carry the param the type needs.
//
// Scope decisions (each also at its rule's code):
//
//   - Finished instances (3.3 isFinished, or a legacy code whose DESIGN §4.2
//     remap is finished) get V01–V03 only: only the API's re-run/recover read
//     them, and those read the instance's own param and columns. A pending
//     command that would re-run one is checked under V04–V07 itself.
//   - Error commands are never replayed by a 3.3 master; V09 checks them as
//     "could this be re-submitted". Types 8, 9, 11–13 have no 3.3 handler and
//     nothing to convert them to, so they can never be re-submitted and need
//     no typed param; 1 and 10 are reported (upgrade converts them); 3, 4, 7
//     need none (their handlers ignore it). V04 is not applied to error
//     commands: 2.0.9 writes them with definition version 0 (reference §5.4).
//   - V09's "last command sits in t_ds_error_command" is decided for states
//     0, 14, 17 and 18 only: a 3.3 master fails over states 1, 2, 4 by itself
//     on its first start (reference §5.2), so an error command does not
//     strand them. Retired rows (types 8, 9, 11–13, or dsmigrate's retire
//     message) never drove an instance and are ignored.
//   - Task types matter on valid (flag 1) task instances only; under a
//     finished instance an unknown type is a warning.
//   - On the 2.0 and 3.0–3.2 shapes verify answers "replayable once DS's
//     scripts have run": the missing test_flag column means every row would
//     be NULL (V03, V08), while SUB_PROCESS task definitions are accepted
//     because DS's 3.3.0 script renames them (it does not touch task
//     instances).
//
// Severity: errors make Report.Replayable false; warnings (a failover status
// given as an ordinal, an unknown task type or duplicate names under a
// finished/succeeded instance) are reported but do not, unless
// Options.Strict.
//
// Memory: tables are read by keyset pagination, one page at a time, the next
// page read while the current one is checked; what is kept across pages
// follows the number of definition versions (and the graphs rows point at),
// pending failover commands and instances named by error commands — never
// the number of instances, commands or task instances. Findings are streamed
// through Options.OnFinding; the Report keeps counts, the first ids per rule
// and a bounded sample (WriteText, WriteJUnit, GitHubAnnotations, JSONStream
// render it).
package verify
