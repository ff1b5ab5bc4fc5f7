package verify

import (
	"database/sql"
	"fmt"
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/transforms"
)

// errorCommandRow is what the rules read of a t_ds_error_command row.
type errorCommandRow struct {
	id          int64
	commandType sql.NullInt64
	instanceID  sql.NullInt64
	param       sql.NullString
	message     sql.NullString
}

// checkErrorCommand is V09's second half: an error command can only be
// re-submitted (dsmigrate repair --resubmit, or by hand) if a 3.3 master can
// handle it. Scope: types 8, 9, 11-13 have no 3.3 handler and nothing to
// convert them to (DESIGN §4.1 retires them here), so they are never
// re-submitted and need no typed param; rows dsmigrate retired likewise.
// 1 and 10 are converted by dsmigrate upgrade; 3, 4, 7 ignore their param.
func checkErrorCommand(r errorCommandRow, emit func(severity, message, fix string)) {
	switch {
	case r.message.Valid && transforms.IsRetired(r.message.String):
		return
	case !r.commandType.Valid || r.commandType.Int64 < 0 || r.commandType.Int64 > 13:
		emit(SeverityError, "command_type "+code(r.commandType, commandTypeName)+" is not a 3.3 command type: it can never be re-submitted", manual("delete the error command"))
		return
	case retiredCommandType(r.commandType.Int64):
		return
	case !handledCommandType(r.commandType.Int64):
		emit(SeverityError, "legacy command_type "+code(r.commandType, commandTypeName)+" has no 3.3 handler; upgrade converts it", FixUpgrade)
		return
	}
	typ := r.commandType.Int64
	switch typ {
	case 0, 5, 6:
		p := ParseCommandParam(ptr(r.param), ICommandParam)
		switch {
		case !p.OK:
			emit(SeverityError, "command_param does not parse as ICommandParam: "+p.Reason, paramFix(r.param))
		case p.TypeID != typeIDForCommand[typ]:
			emit(SeverityError, fmt.Sprintf("command_param is a %s param, a type-%d command needs %s", p.TypeID, typ, typeIDForCommand[typ]), FixUpgrade)
		}
	case 2:
		checkFailoverParam(r.param, emit)
	}
}

// errorCommandInstance is the instance an error command is about: its
// column, else the id a legacy param names (2.0.9 error rows lose the column,
// reference §5.4), else (after upgrade typed the param) the id in the
// original param dsmigrate backed up.
func errorCommandInstance(r errorCommandRow, original sql.NullString) int64 {
	if r.instanceID.Valid && r.instanceID.Int64 > 0 {
		return r.instanceID.Int64
	}
	if id := legacyInstanceRef(r.param); id > 0 {
		return id
	}
	return legacyInstanceRef(original)
}

// legacyInstanceRef reads ProcessInstanceId / WaitingThreadInstanceId /
// processInstanceId (number or numeric string) from a legacy param.
func legacyInstanceRef(param sql.NullString) int64 {
	if !param.Valid || !gjson.Valid(param.String) {
		return 0
	}
	obj := gjson.Parse(param.String)
	if !obj.IsObject() {
		return 0
	}
	for _, key := range []string{"ProcessInstanceId", "WaitingThreadInstanceId", "WaittingThreadInstanceId", "processInstanceId"} {
		v := obj.Get(key)
		var id int64
		switch v.Type {
		case gjson.Number:
			id, _ = strconv.ParseInt(v.Raw, 10, 64)
		case gjson.String:
			id, _ = strconv.ParseInt(v.Str, 10, 64)
		}
		if id > 0 {
			return id
		}
	}
	return 0
}
