// Package transforms turns DolphinScheduler 2.0.x command data into what a
// DS 3.3 master can replay, one row at a time, without a database.
//
// A running 2.0.x instance started from task 123 with a start parameter:
//
//	res := transforms.Instance(transforms.InstanceRow{
//		ID:           42,
//		CommandType:  transforms.Int(0),
//		State:        transforms.Int(1),
//		HistoryCmd:   transforms.Str("START_PROCESS"),
//		CommandParam: transforms.Str(`{"StartNodeList":"123","StartParams":"{\"dt\":\"2024-01-01\"}"}`),
//	})
//
// res.CommandParam is the typed param DS 3.3 writes, keys in its order:
//
//	{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":[123],
//	 "commandParams":[{"prop":"dt","direct":"IN","type":"VARCHAR","value":"2024-01-01"}],"timeZone":null}
//
// and res.Changes holds the column fixes (test_flag NULL → 0, task_depend_type
// NULL → 2, …), res.Findings says what was decided and why. A pending
// 2.0.x failover command for an instance that was RUNNING_EXECUTION:
//
//	res := transforms.Command(transforms.CommandRow{ID: 7, CommandType: transforms.Int(2),
//		InstanceState: transforms.Int(1), CommandParam: transforms.Str(`{"ProcessInstanceId":42}`)})
//
// gives {"commandType":"RECOVER_TOLERANCE_FAULT",…,"workflowExecutionStatus":"RUNNING_EXECUTION"}
// and res.Action == ActionFailover: the engine parks instance 42 at 18.
//
// # Contract
//
// One function per row kind: [Instance], [Command], [ErrorCommand],
// [TaskInstance]; [Stream] runs them over JSON Lines (DESIGN §3.1
// `transform`). They are pure: no database, no clock, no global state but
// a cache of compiled cron expressions. They never panic.
//
//   - A row that cannot be transformed safely is refused: Result.Refused,
//     Result.Reason naming the key ("StartNodeList: entry \"a\" is not a task
//     code"), CommandParam equal to the input, no changes. Invalid JSON, a
//     top-level array or scalar, non-numeric start nodes, unknown zones and
//     unparseable dates are refused, never replaced.
//   - A param that already parses as typed 3.3 (registered commandType, field
//     shapes Jackson accepts; see checkTyped) is returned unchanged, so
//     transforming a transformed row writes nothing: f(apply(f(x))) has no
//     changes and the same param.
//   - What needs the database is returned as an [Action] for the engine:
//     create an instance for a command that points at none, park an instance
//     at 18 with one failover command, retire a command without a 3.3 handler.
//
// # Rules (DESIGN §4–§4.2, reference §2–§6)
//
// Instances get the type of the command that launched them (first
// history_cmd entry, else command_type): START_PROCESS and
// START_CURRENT_TASK_PROCESS → START_PROCESS, SCHEDULER, COMPLEMENT_DATA,
// anything else → START_PROCESS. Commands follow DESIGN §4.1 (see [Command]).
// startNodes come from StartNodeList (task codes), never StartNodeIdList
// (task-instance ids); the 1.3 keys StartNodeNameList and
// WaittingThreadInstanceId, which 2.0.9 never read, are ignored with a
// finding. commandParams are StartParams then fatherParams (fatherParams
// wins, as 2.0.9's putAll) as VARCHAR IN properties sorted by prop.
// timeZone is the param's own schedule_timezone (3.x), else null: 2.0.9
// used its JVM zone, as 3.3 does for null; checked with Java's ZoneId rules
// ([ValidZone]). backfillTimeList is complementScheduleDateList, else the
// Quartz fire dates of the online schedules (daily midnight when none) in
// the complement window, computed in the server time zone
// ([Schedule].ServerZone) without DST-gap times; a running instance's list
// starts at its schedule_time, a finished one's is [schedule_time]. A
// pending 2.0.9 sub-process command is retired (the parent's SUB_WORKFLOW
// task starts the child in 3.3). Vanished enum codes are remapped as DESIGN §4.2
// says, each with a finding.
package transforms
