package verify

import "strconv"

// This file is V01's model of what a DS 3.3 master gets from
//
//	JSONUtils.parseObject(commandParam, ICommandParam.class)               // every handler, every task dispatch
//	JSONUtils.parseObject(commandParam, WorkflowFailoverCommandParam.class) // WorkflowFailoverCommandHandler
//
// with DS's ObjectMapper (FAIL_ON_UNKNOWN_PROPERTIES=false,
// ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT=true, READ_UNKNOWN_ENUM_VALUES_AS_NULL=true,
// everything else Jackson 2.13's defaults; reference §3.2, §3.5 and the oracle
// README). It is deliberately not transforms.checkTyped, which is stricter than
// Jackson on purpose: V01 must say "parses" exactly when Jackson does, and
// verify/oracle_test.go diffs it against the real library on a mutated corpus.
//
// How Jackson reads the param, step by step (AsPropertyTypeDeserializer,
// AsArrayTypeDeserializer, BeanDeserializer, the std scalar deserializers):
//
//  1. NULL or "" → null without parsing (Guava isNullOrEmpty). Whitespace-only
//     is parsed and fails.
//  2. Only the first JSON value is read; anything after it is ignored
//     (FAIL_ON_TRAILING_TOKENS is off), but that first value must be
//     well-formed strict JSON to its end (no comments, quotes ', NaN, leading
//     zeros, BOM…). The literal null gives null.
//  3. An object: members are scanned in order until the first "commandType"
//     whose value is a non-null scalar (a string, or a number/boolean read as
//     its text); members before it are buffered (replayed later through a
//     TokenBuffer, which keeps floats as BigDecimal and ints as Java numbers;
//     a float BigDecimal cannot hold fails the parse: jackson_buffer.go).
//     No such member → fails (no defaultImpl). The id must be one of the six
//     registered names, case-sensitive; for WorkflowFailoverCommandParam only
//     RECOVER_TOLERANCE_FAULT (other ids are not subtypes of it).
//  4. An array is the WRAPPER_ARRAY fallback: ["ID", {…}] with exactly two
//     elements, the id a JSON string; ["ID"] and ["ID", []] give null.
//  5. The subtype's bean reads every member; each occurrence of a known
//     property must convert (the last one wins), unknown ones are skipped.
//     Known properties: subWorkflowInstance, startNodes, commandParams,
//     timeZone; COMPLEMENT_DATA adds backfillTimeList, REPEAT_RUNNING
//     workflowInstanceId, RECOVER_TOLERANCE_FAULT workflowExecutionStatus.
//     The coercions are in jackson_values.go.

// Target is the Java class a param is parsed into.
type Target int

// Targets.
const (
	// ICommandParam is what every handler reads from a workflow instance's
	// command_param and what RunWorkflowCommandHandler copies from a command.
	ICommandParam Target = iota
	// FailoverCommandParam is WorkflowFailoverCommandParam, what the failover
	// handler reads from a type-2 command's command_param.
	FailoverCommandParam
)

// Type ids of the six registered ICommandParam subtypes (reference §3.1).
const (
	TypeStartProcess = "START_PROCESS"
	TypeScheduler    = "SCHEDULER"
	TypeComplement   = "COMPLEMENT_DATA"
	TypeRepeat       = "REPEAT_RUNNING"
	TypeRecoverFail  = "START_FAILURE_TASK_PROCESS"
	TypeFailover     = "RECOVER_TOLERANCE_FAULT"
)

// Param is the outcome of parseObject: OK false means the master gets null.
// The fields hold what Jackson put into the object (the last occurrence of
// a repeated key), for the rules that look inside (V05–V07).
type Param struct {
	OK     bool
	Reason string // why the result is null ("" when OK)
	TypeID string // the commandType id that chose the subtype

	SubWorkflowInstance bool
	StartNodes          []NullLong // nil when null or absent
	HasStartNodes       bool       // startNodes is a list (possibly empty)
	TimeZone            *string    // nil when null or absent
	BackfillTimeList    []*string  // COMPLEMENT_DATA; nil when null or absent
	HasBackfillTimeList bool
	// Status is workflowExecutionStatus (RECOVER_TOLERANCE_FAULT), "" when
	// null: absent, an unknown name or an out-of-range ordinal.
	Status string
	// StatusFromNumber: the status was given as an ordinal (a JSON number or
	// a numeric string), not by name.
	StatusFromNumber   bool
	WorkflowInstanceID *int32 // REPEAT_RUNNING
}

// NullLong is one element of a List<Long>: Valid false is a Java null.
type NullLong struct {
	Value int64
	Valid bool
}

// ParseCommandParam models JSONUtils.parseObject(param, target). param nil is
// SQL NULL.
func ParseCommandParam(param *string, target Target) Param {
	if param == nil {
		return Param{Reason: "NULL: parseObject returns null"}
	}
	s := *param
	if s == "" {
		return Param{Reason: "empty string: parseObject returns null"}
	}
	p := &parser{s: s, target: target}
	p.run()
	if p.fail != "" {
		return Param{Reason: p.fail}
	}
	p.out.OK = true
	return p.out
}

// parser is one parseObject call.
type parser struct {
	s      string
	target Target
	out    Param
	fail   string
}

func (p *parser) failf(format string, args ...any) {
	if p.fail == "" {
		p.fail = sprintf(format, args...)
	}
}

func (p *parser) run() {
	sc := &scanner{s: p.s}
	sc.ws()
	if sc.i >= len(sc.s) {
		p.failf("no content (blank): Jackson reads no JSON value")
		return
	}
	start := sc.i
	if !sc.value() {
		p.failf("not valid JSON: %s", sc.err)
		return
	}
	root := node{kind: kindOf(p.s[start]), raw: p.s[start:sc.i]}
	switch root.kind {
	case kNull:
		p.failf("the JSON literal null: parseObject returns null")
	case kObject:
		p.object(root)
	case kArray:
		p.wrapper(root)
	default:
		p.failf("a top-level JSON %s, not an object: missing type id property 'commandType'", root.kind)
	}
}

// object is As.PROPERTY: find the type id, then read the bean.
func (p *parser) object(root node) {
	members := root.members()
	idAt := -1
	for i, m := range members {
		if m.key == "commandType" && m.val.kind != kNull && m.val.kind.scalar() {
			idAt = i
			break
		}
	}
	for _, m := range members[:max(idAt, 0)] {
		if tok := unbufferableFloat(m.val.raw); tok != "" {
			p.failf("%s: the float %s comes before the type id and is buffered as a BigDecimal, which cannot hold it (Malformed numeric value)",
				m.key, clip(tok))
			return
		}
	}
	if idAt < 0 {
		p.failf("missing type id property 'commandType'")
		return
	}
	id := members[idAt].val.text(false)
	if !p.resolve(id) {
		return
	}
	for i, m := range members {
		if i != idAt {
			p.property(m.key, m.val, i < idAt)
		}
	}
}

// wrapper is the WRAPPER_ARRAY fallback for a top-level array.
func (p *parser) wrapper(root node) {
	elems := root.elements()
	if len(elems) == 0 || elems[0].kind != kString {
		p.failf("a top-level array without a type id string first (expected VALUE_STRING)")
		return
	}
	if !p.resolve(elems[0].text(false)) {
		return
	}
	if len(elems) == 1 {
		p.failf("[typeId] without a value: Jackson returns null")
		return
	}
	v := elems[1]
	switch {
	case v.kind == kArray && v.raw == "[]" || v.kind == kArray && len(v.elements()) == 0:
		p.failf("[typeId, []]: the empty array is read as a null object")
		return
	case v.kind != kObject:
		p.failf("[typeId, value]: the value is a JSON %s, not an object", v.kind)
		return
	case len(elems) > 2:
		p.failf("[typeId, value, …]: expected the closing ] after the value")
		return
	}
	for _, m := range v.members() {
		p.property(m.key, m.val, false)
	}
}

// resolve checks the type id against the target's registered subtypes.
func (p *parser) resolve(id string) bool {
	ok := false
	switch id {
	case TypeStartProcess, TypeScheduler, TypeComplement, TypeRepeat, TypeRecoverFail:
		ok = p.target == ICommandParam
		if !ok {
			p.failf("commandType %s is not WorkflowFailoverCommandParam (not a subtype)", strconv.Quote(id))
			return false
		}
	case TypeFailover:
		ok = true
	}
	if !ok {
		p.failf("commandType %s is not a registered 3.3 type id", strconv.Quote(clip(id)))
		return false
	}
	p.out.TypeID = id
	return true
}

// property deserializes one member of the bean. buffered: the member came
// before the type id (replayed through a TokenBuffer).
func (p *parser) property(key string, v node, buffered bool) {
	var why string
	switch {
	case key == "subWorkflowInstance":
		p.out.SubWorkflowInstance, why = toBool(v)
	case key == "startNodes":
		p.out.StartNodes, p.out.HasStartNodes, why = toLongList(v, buffered)
	case key == "commandParams":
		why = toPropertyList(v, buffered)
	case key == "timeZone":
		p.out.TimeZone, why = toString(v, buffered)
	case key == "backfillTimeList" && p.out.TypeID == TypeComplement:
		p.out.BackfillTimeList, p.out.HasBackfillTimeList, why = toStringList(v, buffered)
	case key == "workflowInstanceId" && p.out.TypeID == TypeRepeat:
		p.out.WorkflowInstanceID, why = toInteger(v, buffered)
	case key == "workflowExecutionStatus" && p.out.TypeID == TypeFailover:
		p.out.Status, p.out.StatusFromNumber, why = toEnum(v, buffered, workflowExecutionStatuses)
	}
	if why != "" {
		p.failf("%s: %s", key, why)
	}
}

// workflowExecutionStatuses are the 3.3 WorkflowExecutionStatus constants in
// declaration order: Jackson reads a JSON number as this ordinal, not as the
// DS code (reference §3.5; the oracle README lists ordinal:code).
var workflowExecutionStatuses = []string{
	"SUBMITTED_SUCCESS", "RUNNING_EXECUTION", "READY_PAUSE", "PAUSE", "READY_STOP", "STOP",
	"FAILURE", "SUCCESS", "SERIAL_WAIT", "WAIT_TO_RUN", "FAILOVER",
}

// Property enums (dolphinscheduler-task-api): Direct and DataType.
var (
	directNames   = []string{"IN", "OUT"}
	dataTypeNames = []string{"VARCHAR", "INTEGER", "LONG", "FLOAT", "DOUBLE", "DATE", "TIME", "TIMESTAMP", "BOOLEAN", "LIST", "FILE"}
)
