package verify

import "strconv"

// Rule ids (DESIGN §5).
const (
	V01 = "V01"
	V02 = "V02"
	V03 = "V03"
	V04 = "V04"
	V05 = "V05"
	V06 = "V06"
	V07 = "V07"
	V08 = "V08"
	V09 = "V09"
)

// Severities. An error makes the database not replayable; a warning is
// reported and, unless Options.Strict, does not (see Report.Replayable).
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Fix commands named in findings.
const (
	FixUpgrade  = "dsmigrate upgrade"
	FixOrphans  = "dsmigrate upgrade --orphans=finalize"
	FixRepair   = "dsmigrate repair --apply"
	FixResubmit = "dsmigrate repair --apply --resubmit"
	// FixAfterDS: the column DS's 3.2.0 script adds (test_flag) does not
	// exist yet, so nothing can be written now.
	FixAfterDS = "run DS's schema upgrade scripts, then dsmigrate upgrade"
)

// manual is the fix text when no dsmigrate command repairs the row.
func manual(what string) string { return "none (manual): " + what }

// RuleInfo describes a rule for --help, the text table and JUnit.
type RuleInfo struct {
	ID    string `json:"rule"`
	Title string `json:"title"`
	Help  string `json:"help"`
}

// Rules lists V01–V09 in order.
var Rules = []RuleInfo{
	{V01, "instance command_param parses as a 3.3 ICommandParam",
		"Every workflow instance's command_param must give an object from JSONUtils.parseObject(…, ICommandParam.class): a registered commandType and every known field convertible exactly as Jackson does (model checked against the real library). Finished instances included: re-run and recover read it."},
	{V02, "instance state is a live 3.3 code",
		"state is a 3.3 WorkflowExecutionStatus code (0-7, 14, 17, 18); 18 FAILOVER only while a failover command for the instance is pending in t_ds_command (#16878)."},
	{V03, "instance columns a 3.3 master dereferences are set",
		"command_type a 3.3 CommandType code (10 vanished), task_depend_type 0-2, test_flag 0/1 (NULL hides every task instance), start_time set unless finished. On the 2.0/3.0/3.1 shapes test_flag does not exist yet: DS's 3.2.0 script adds it as NULL."},
	{V04, "definition version exists and its graph builds",
		"(definition code, version) of every pending command and every unfinished instance is in the definition log, and WorkflowGraph builds: relations present, each task (code, version) in the task definition log, no code or name twice, no duplicate edge, every task type a 3.3 plugin."},
	{V05, "pending command can be handled",
		"Every t_ds_command row: type has a 3.3 handler {0,2,3,4,5,6,7}; its workflow instance exists; 0/5/6 carry the matching typed param; 2 a WorkflowFailoverCommandParam whose status is RUNNING_EXECUTION, READY_PAUSE or READY_STOP (by name; an ordinal is a warning); at most one failover command per instance; no pending 2.0.9 sub-process command (parentProcessInstanceId/parentTaskInstanceId, child not created), which would run the child a second time."},
	{V06, "startNodes are tasks of the graph",
		"Every startNodes code of an unfinished instance's param, and of a pending 0/5/6 command's param, is a task code of its definition version (getTaskNodeByCode); a null element fails."},
	{V07, "time zone and backfill dates are usable",
		"timeZone, when set, is accepted by Java ZoneId.of; a COMPLEMENT_DATA param has a non-empty backfillTimeList of yyyy-MM-dd HH:mm:ss dates, ascending, each a local time that exists in the server time zone (--server-timezone: not in a DST gap), whose first entry is the instance's schedule_time while it is unfinished."},
	{V08, "task instances are visible and runnable",
		"Every task instance: a live 3.3 task state, test_flag set; valid ones (flag 1) unique by name within their workflow instance (failover and recover build a map by name) and of a known task type (SUB_PROCESS must become SUB_WORKFLOW)."},
	{V09, "nothing is stranded in t_ds_error_command",
		"No unfinished instance that no 3.3 master picks up by itself (states 0, 14, 17, 18) has an error command and no pending command; every error command of a type a 3.3 master handles carries the param that type needs (types 8, 9, 11-13 have no 3.3 handler and can never be resubmitted, so they need none)."},
}

// RuleTitle returns a rule's title.
func RuleTitle(id string) string {
	for _, r := range Rules {
		if r.ID == id {
			return r.Title
		}
	}
	return ""
}

// Finding is one row that a 3.3 master (or the 3.3 API) cannot replay.
// The JSON field names are the DESIGN §3.1 verify contract.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Table    string `json:"table"` // logical table name (schema.Logical)
	ID       int64  `json:"id"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// Ref is "table:id", as the text table and JUnit list rows.
func (f Finding) Ref() string { return f.Table + ":" + strconv.FormatInt(f.ID, 10) }
