package transforms

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// paramKind classifies a command_param value (DESIGN §4 last bullets).
type paramKind int

const (
	paramEmpty  paramKind = iota // NULL, '' or {}: "no parameters"
	paramLegacy                  // a flat 2.0.x/3.x map (reference §2)
	paramTyped                   // already a valid 3.3 typed param (reference §3)
)

// legacy holds the keys of a legacy map the transforms read (reference §2.2).
// For a duplicated key the last one wins, as in Jackson's Map reading.
type legacy struct {
	obj             gjson.Result
	hasCommandType  bool
	startNodeList   gjson.Result // StartNodeList: task codes
	startNodeIDList gjson.Result // StartNodeIdList: task-instance ids (dropped)
	startNodeNames  gjson.Result // StartNodeNameList: 1.x task names (never read by 2.0.9)
	waittingThread  gjson.Result // WaittingThreadInstanceId: 1.3 spelling (never read by 2.0.9)
	startParams     gjson.Result // StartParams: double-encoded map
	fatherParams    gjson.Result // fatherParams: double-encoded map
	timezone        gjson.Result // schedule_timezone (3.0+)
	complementStart gjson.Result // complementStartDate
	complementEnd   gjson.Result // complementEndDate
	complementList  gjson.Result // complementScheduleDateList (3.0+)
	parentInstance  gjson.Result // parentProcessInstanceId (sub-process)
	parentTask      gjson.Result // parentTaskInstanceId (sub-process)
	childInstance   gjson.Result // processInstanceId (sub-process: the child, 0 = not created yet)
	instanceRef     int64
}

// readParam classifies p. For a refusal, reason names the key ("key: why").
func readParam(p NullString) (kind paramKind, l legacy, typedID, reason string) {
	s := p.String
	if !p.Valid || s == "" {
		return paramEmpty, l, "", ""
	}
	if !utf8.ValidString(s) {
		return 0, l, "", "command_param: not valid UTF-8"
	}
	if !gjson.Valid(s) {
		return 0, l, "", "command_param: not valid JSON"
	}
	obj := gjson.Parse(s)
	if !obj.IsObject() {
		return 0, l, "", "command_param: a top-level " + jsonKind(obj) + ", not a JSON object"
	}
	l.obj = obj
	var refs [3]int64 // ProcessInstanceId, WaitingThreadInstanceId, processInstanceId
	empty := true
	obj.ForEach(func(k, v gjson.Result) bool {
		empty = false
		switch k.Str {
		case "commandType":
			l.hasCommandType = true
		case "StartNodeList":
			l.startNodeList = v
		case "StartNodeIdList":
			l.startNodeIDList = v
		case "StartNodeNameList":
			l.startNodeNames = v
		case "StartParams":
			l.startParams = v
		case "fatherParams":
			l.fatherParams = v
		case "schedule_timezone":
			l.timezone = v
		case "complementStartDate":
			l.complementStart = v
		case "complementEndDate":
			l.complementEnd = v
		case "complementScheduleDateList":
			l.complementList = v
		case "parentProcessInstanceId":
			l.parentInstance = v
		case "parentTaskInstanceId":
			l.parentTask = v
		case "ProcessInstanceId":
			refs[0] = idValue(v)
		case "WaitingThreadInstanceId":
			refs[1] = idValue(v)
		case "WaittingThreadInstanceId": // 1.3.x spelling (reference §2.2): 2.0.9 never read it, not an InstanceRef
			l.waittingThread = v
		case "processInstanceId":
			refs[2] = idValue(v)
			l.childInstance = v
		}
		return true
	})
	for _, r := range refs {
		if r > 0 {
			l.instanceRef = r
			break
		}
	}
	if empty {
		return paramEmpty, l, "", ""
	}
	if l.hasCommandType {
		id, why := checkTyped(obj)
		if why != "" {
			return 0, l, "", why
		}
		return paramTyped, l, id, ""
	}
	return paramLegacy, l, "", ""
}

func jsonKind(r gjson.Result) string {
	switch r.Type {
	case gjson.Null:
		return "null"
	case gjson.False, gjson.True:
		return "boolean"
	case gjson.Number:
		return "number"
	case gjson.String:
		return "string"
	}
	if r.IsArray() {
		return "array"
	}
	return "object"
}

// idValue reads an instance id written as a JSON number or a numeric string.
func idValue(v gjson.Result) int64 {
	s := v.Raw
	if v.Type == gjson.String {
		s = v.Str
	} else if v.Type != gjson.Number {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// scalarText is the text of a legacy map value read as Map<String,String>
// (2.0.x writers put numbers too; reference §2.1). present=false for
// absent or null; ok=false for an object, an array or a bad string.
func scalarText(v gjson.Result) (text string, present, ok bool) {
	switch v.Type {
	case gjson.Null:
		return "", false, true
	case gjson.String:
		s, ok := jsonText(v)
		return s, true, ok
	case gjson.Number:
		return v.Raw, true, true
	case gjson.True:
		return "true", true, true
	case gjson.False:
		return "false", true, true
	}
	return "", true, false
}

// notText says why scalarText refused v: a string it refuses has an
// unpaired UTF-16 surrogate escape (Jackson would not read it either).
func notText(v gjson.Result, want string) string {
	if v.Type == gjson.String {
		return "a string with an unpaired UTF-16 surrogate escape"
	}
	return "a JSON " + jsonKind(v) + ", not " + want
}

// startNodes converts StartNodeList (comma-separated task codes, DESIGN §4)
// into codes. Trailing empty entries are dropped as Java's split(",") does;
// any other non-numeric entry is refused. nil means "no start nodes".
//
// An entry with spaces ("123, 456", which a person could type through the
// API) is refused too (issue #12.6, decided): 2.0.9 split the list on ","
// and compared each entry with Long.toString(task code)
// (DagHelper.findNodeByCode), so " 456" matched no task and was skipped with
// a logged error: the workflow ran from 123 only. Trimming would make 3.3 run
// from a node 2.0.9 never ran; dropping the entry would silently discard
// what the person typed. Neither is safe to guess, so the row is left
// untouched and the reason tells the operator both choices.
func startNodes(v gjson.Result) ([]int64, string) {
	s, present, ok := scalarText(v)
	if !ok {
		return nil, "StartNodeList: " + notText(v, "a comma-separated list of task codes")
	}
	s = strings.TrimRight(s, ",")
	if !present || s == "" {
		return nil, ""
	}
	codes := make([]int64, 0, strings.Count(s, ",")+1)
	for s != "" {
		e := s
		if i := strings.IndexByte(s, ','); i >= 0 {
			e, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		c, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			if t := strings.TrimSpace(e); t != e && t != "" {
				if _, err := strconv.ParseInt(t, 10, 64); err == nil {
					return nil, "StartNodeList: entry " + strconv.Quote(e) + " has spaces: 2.0.9 matched it to no task and ran without it; " +
						"remove it (as 2.0.9 ran) or trim it (as typed) by hand"
				}
			}
			return nil, "StartNodeList: entry " + strconv.Quote(e) + " is not a task code"
		}
		codes = append(codes, c)
	}
	return codes, ""
}

// appendProps adds the entries of a double-encoded map (StartParams or
// fatherParams, reference §2.1) to dst.
func appendProps(dst []property, v gjson.Result, key string) ([]property, string) {
	var m gjson.Result
	switch v.Type {
	case gjson.Null:
		return dst, ""
	case gjson.String:
		s, ok := jsonText(v)
		if !ok {
			return dst, key + ": unpaired UTF-16 surrogate escape"
		}
		if strings.TrimSpace(s) == "" {
			return dst, ""
		}
		if !gjson.Valid(s) {
			return dst, key + ": not a JSON-encoded map"
		}
		m = gjson.Parse(s)
	case gjson.JSON:
		m = v // a map written without the second encoding: same content
	default:
		return dst, key + ": a JSON " + jsonKind(v) + ", not a JSON-encoded map"
	}
	if m.Type == gjson.Null {
		return dst, ""
	}
	if !m.IsObject() {
		return dst, key + ": holds a JSON " + jsonKind(m) + ", not a map"
	}
	why := ""
	m.ForEach(func(k, val gjson.Result) bool {
		name, ok := jsonText(k)
		if !ok {
			why = key + ": a key has an unpaired UTF-16 surrogate escape"
			return false
		}
		text, present, ok := scalarText(val)
		if !ok {
			why = key + ": value of " + strconv.Quote(name) + " is " + notText(val, "text")
			return false
		}
		dst = append(dst, property{prop: name, value: NullString{text, present}, seq: len(dst)})
		return true
	})
	return dst, why
}

// commandParams merges StartParams then fatherParams (later wins) and sorts
// by prop (DESIGN §4): fatherParams wins, as 2.0.9's
// startParamMap.putAll(fatherParamMap) (ProcessService.java:660,
// WorkflowExecuteThread.java:1677).
func commandParams(l *legacy) ([]property, string) {
	if !l.fatherParams.Exists() && !l.startParams.Exists() {
		return nil, ""
	}
	props, why := appendProps(nil, l.startParams, "StartParams")
	if why != "" {
		return nil, why
	}
	if props, why = appendProps(props, l.fatherParams, "fatherParams"); why != "" {
		return nil, why
	}
	if len(props) < 2 {
		return props, ""
	}
	slices.SortFunc(props, func(a, b property) int {
		if c := strings.Compare(a.prop, b.prop); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out := props[:0]
	for i, p := range props {
		if i+1 < len(props) && props[i+1].prop == p.prop {
			continue // a later entry for the same prop wins
		}
		out = append(out, p)
	}
	return out, ""
}

// legacyZone is the schedule_timezone key, validated (DESIGN §4 timeZone).
func legacyZone(l *legacy) (NullString, string) {
	s, present, ok := scalarText(l.timezone)
	if !ok {
		return NullString{}, "schedule_timezone: " + notText(l.timezone, "a zone id")
	}
	if !present || s == "" {
		return NullString{}, ""
	}
	if !ValidZone(s) {
		return NullString{}, "schedule_timezone: " + strconv.Quote(s) + " is not a zone Java's ZoneId accepts"
	}
	return Str(s), ""
}

// pendingSubProcess reports a command 2.0.9 wrote to start a sub-process
// child that does not exist yet: parentProcessInstanceId or
// parentTaskInstanceId set and processInstanceId 0 or absent
// (ProcessService.createSubProcessCommand, 2.0.9 ProcessService.java:1233-1270;
// reference §2.3). parent and task are the ids it names.
func pendingSubProcess(l *legacy) (parent, task int64, ok bool) {
	parent, task = idValue(l.parentInstance), idValue(l.parentTask)
	return parent, task, (parent > 0 || task > 0) && idValue(l.childInstance) == 0
}

// subFromParam reports whether a legacy param is a sub-process one
// (non-zero parentProcessInstanceId, reference §2.2).
func subFromParam(l *legacy) bool { return idValue(l.parentInstance) > 0 }
