package transforms

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// MaxLineBytes bounds one input line of Stream; a longer line is answered
// with a refusal (and skipped) instead of being buffered.
const MaxLineBytes = 64 << 20

var maxLineBytes = MaxLineBytes // tests lower it

// Stream runs the DESIGN §3.1 `transform` contract: JSON Lines in, one JSON
// line out per input line, same order. Memory stays bounded by the longest
// line (at most MaxLineBytes), whatever the input size. A bad line (not
// JSON, unknown table, wrong field type, too long) gives a refused output
// line; only read and write errors stop it.
//
// Input fields: table ("instance", "command", "error_command",
// "task_instance"), id, command_type, state, history_cmd, is_sub_process
// (alias is_sub_workflow), schedule_time, schedule_timezone, schedule_crons,
// command_param; for instances also test_flag, task_depend_type,
// start_time, restart_time; for commands optionally process_instance_id
// (alias workflow_instance_id); for task instances task_type, task_params,
// state, test_flag.
//
// Output: {"table","id","command_param","param_changed","changes",
// "findings","refused"} plus "reason" (refused), "action",
// "failover_status", "instance_ref" when set. Task-instance lines have no
// command_param/param_changed; their task_type/task_params are in changes.
func Stream(r io.Reader, w io.Writer) error { return StreamInZone(r, w, nil) }

// StreamInZone is Stream with the server time zone (dsmigrate
// --server-timezone) in which complement fire dates are computed (DESIGN §4
// backfillTimeList); nil means UTC.
func StreamInZone(r io.Reader, w io.Writer, zone *time.Location) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	var line, out []byte
	for n := 1; ; n++ {
		var tooLong, gotLine bool
		var err error
		line, tooLong, gotLine, err = readLine(br, line[:0])
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if !gotLine { // EOF right after the previous newline
			break
		}
		if tooLong {
			out = appendResult(out[:0], Result{Refused: true, Reason: "line " + strconv.Itoa(n) + ": longer than " + strconv.Itoa(maxLineBytes) + " bytes"}, false)
		} else {
			res, hasID := streamOne(string(line), n, zone)
			out = appendResult(out[:0], res, hasID)
		}
		if _, werr := bw.Write(out); werr != nil {
			return werr
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if cap(line) > 1<<20 {
			line = nil // do not keep a huge buffer after a huge line
		}
		if cap(out) > 1<<20 {
			out = nil
		}
	}
	return bw.Flush()
}

// readLine reads one line without its "\n" (and "\r"), keeping at most
// MaxLineBytes; tooLong reports that the rest was discarded, gotLine that there
// was a line at all.
func readLine(br *bufio.Reader, buf []byte) (line []byte, tooLong, gotLine bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		gotLine = gotLine || len(chunk) > 0
		if !tooLong {
			if len(buf)+len(chunk) > maxLineBytes+1 {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, tooLong, gotLine, err
	}
}

// streamOne decodes one input line and transforms it; hasID reports
// whether the line had a usable id.
func streamOne(s string, n int, zone *time.Location) (res Result, hasID bool) {
	where := "line " + strconv.Itoa(n) + ": "
	if strings.TrimSpace(s) == "" {
		return Result{Refused: true, Reason: where + "empty"}, false
	}
	if !gjson.Valid(s) {
		return Result{Refused: true, Reason: where + "not valid JSON"}, false
	}
	obj := gjson.Parse(s)
	if !obj.IsObject() {
		return Result{Refused: true, Reason: where + "not a JSON object"}, false
	}
	var (
		table                       string
		id                          NullInt
		inst                        InstanceRow
		cmd                         CommandRow
		task                        TaskInstanceRow
		bad                         string
		commandType, state, testFlg NullInt
		param                       NullString
		sub                         bool
		sched                       Schedule
		scheduleTime                NullString
	)
	obj.ForEach(func(k, v gjson.Result) bool {
		key := k.Str
		switch key {
		case "table":
			if v.Type == gjson.String {
				table = v.Str
			} else {
				bad = "table: not a string"
			}
		case "id":
			id, bad = intField(key, v)
		case "command_type":
			commandType, bad = intField(key, v)
		case "state":
			state, bad = intField(key, v)
		case "test_flag":
			testFlg, bad = intField(key, v)
		case "task_depend_type":
			inst.TaskDependType, bad = intField(key, v)
		case "process_instance_id", "workflow_instance_id":
			cmd.InstanceID, bad = intField(key, v)
		case "is_sub_process", "is_sub_workflow":
			var f NullInt
			if v.Type == gjson.True || v.Type == gjson.False {
				sub = v.Type == gjson.True
			} else if f, bad = intField(key, v); bad == "" {
				sub = f.Valid && f.Int == 1
			}
		case "command_param":
			param, bad = strField(key, v)
		case "history_cmd":
			inst.HistoryCmd, bad = strField(key, v)
		case "schedule_time":
			scheduleTime, bad = strField(key, v)
		case "schedule_timezone":
			sched.Timezone, bad = strField(key, v)
		case "start_time":
			inst.StartTime, bad = strField(key, v)
		case "restart_time":
			inst.RestartTime, bad = strField(key, v)
		case "task_type":
			task.TaskType, bad = strField(key, v)
		case "task_params":
			task.TaskParams, bad = strField(key, v)
		case "schedule_crons":
			sched.Crons, bad = strList(key, v)
		}
		return bad == ""
	})
	if bad != "" {
		return Result{Table: Table(table), ID: id.Int, CommandParam: param, Refused: true, Reason: bad}, id.Valid
	}
	if !id.Valid {
		return Result{Table: Table(table), CommandParam: param, Refused: true, Reason: "id: missing or null"}, false
	}
	sched.ServerZone = zone
	switch Table(table) {
	case TableInstance:
		inst.ID, inst.CommandType, inst.State, inst.TestFlag = id.Int, commandType, state, testFlg
		inst.IsSubProcess, inst.Schedule, inst.ScheduleTime, inst.CommandParam = sub, sched, scheduleTime, param
		return Instance(inst), true
	case TableCommand, TableErrorCommand:
		cmd.ID, cmd.CommandType, cmd.InstanceState = id.Int, commandType, state
		cmd.IsSubProcess, cmd.Schedule, cmd.CommandParam = sub, sched, param
		if Table(table) == TableCommand {
			return Command(cmd), true
		}
		return ErrorCommand(cmd), true
	case TableTaskInstance:
		task.ID, task.State, task.TestFlag = id.Int, state, testFlg
		return TaskInstance(task), true
	}
	return Result{Table: Table(table), ID: id.Int, CommandParam: param, Refused: true,
		Reason: "table: " + strconv.Quote(clip(table)) + " is not instance, command, error_command or task_instance"}, true
}

func intField(key string, v gjson.Result) (NullInt, string) {
	switch v.Type {
	case gjson.Null:
		return NullInt{}, ""
	case gjson.Number:
		if n, err := strconv.ParseInt(v.Raw, 10, 64); err == nil {
			return Int(n), ""
		}
	}
	return NullInt{}, key + ": not an integer or null"
}

func strField(key string, v gjson.Result) (NullString, string) {
	switch v.Type {
	case gjson.Null:
		return NullString{}, ""
	case gjson.String:
		if s, ok := jsonText(v); ok {
			return Str(s), ""
		}
		return NullString{}, key + ": unpaired UTF-16 surrogate escape"
	}
	return NullString{}, key + ": not a string or null"
}

func strList(key string, v gjson.Result) ([]string, string) {
	if v.Type == gjson.Null {
		return nil, ""
	}
	if !v.IsArray() {
		return nil, key + ": not an array of strings"
	}
	var out []string
	bad := ""
	v.ForEach(func(_, e gjson.Result) bool {
		s, why := strField(key, e)
		if why != "" || !s.Valid {
			bad = key + ": not an array of strings"
			return false
		}
		out = append(out, s.String)
		return true
	})
	return out, bad
}

// appendResult writes one output line; table and id are null when unknown.
func appendResult(b []byte, r Result, hasID bool) []byte {
	b = append(b, `{"table":`...)
	if r.Table == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, string(r.Table))
	}
	b = append(b, `,"id":`...)
	if hasID {
		b = strconv.AppendInt(b, r.ID, 10)
	} else {
		b = append(b, "null"...)
	}
	if r.Table != TableTaskInstance {
		b = append(b, `,"command_param":`...)
		b = appendNullString(b, r.CommandParam)
		b = append(b, `,"param_changed":`...)
		b = strconv.AppendBool(b, r.ParamChanged)
	}
	b = append(b, `,"changes":{`...)
	n := 0
	col := func(name string) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendJSONString(b, name)
		b = append(b, ':')
	}
	c := r.Changes
	for _, f := range [...]struct {
		name string
		v    NullInt
	}{{"state", c.State}, {"command_type", c.CommandType}, {"test_flag", c.TestFlag}, {"task_depend_type", c.TaskDependType}} {
		if f.v.Valid {
			col(f.name)
			b = strconv.AppendInt(b, f.v.Int, 10)
		}
	}
	for _, f := range [...]struct {
		name string
		v    NullString
	}{{"start_time", c.StartTime}, {"task_type", c.TaskType}, {"task_params", c.TaskParams}} {
		if f.v.Valid {
			col(f.name)
			b = appendJSONString(b, f.v.String)
		}
	}
	b = append(b, `},"findings":[`...)
	for i, f := range r.Findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"rule":`...)
		b = appendJSONString(b, f.Rule)
		b = append(b, `,"message":`...)
		b = appendJSONString(b, f.Message)
		b = append(b, '}')
	}
	b = append(b, `],"refused":`...)
	b = strconv.AppendBool(b, r.Refused)
	if r.Refused {
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, r.Reason)
	}
	if r.Action != ActionNone {
		b = append(b, `,"action":`...)
		b = appendJSONString(b, string(r.Action))
	}
	if r.FailoverStatus != "" {
		b = append(b, `,"failover_status":`...)
		b = appendJSONString(b, r.FailoverStatus)
	}
	if r.InstanceRef != 0 {
		b = append(b, `,"instance_ref":`...)
		b = strconv.AppendInt(b, r.InstanceRef, 10)
	}
	return append(b, '}', '\n')
}
