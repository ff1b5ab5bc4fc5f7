package transforms

import (
	"strconv"
	"strings"
)

// launchType is the type id of an instance's param: the command type that
// launched it, i.e. the first history_cmd entry, else command_type (DESIGN §4
// "commandType for an instance"; reference §5.5 step 1).
func launchType(history NullString, commandType NullInt) string {
	name := ""
	if history.Valid {
		name = history.String
		if i := strings.IndexByte(name, ','); i >= 0 {
			name = name[:i]
		}
		name = strings.TrimSpace(name)
	}
	if name == "" && commandType.Valid && commandType.Int >= 0 && commandType.Int < int64(len(commandTypeNames)) {
		name = commandTypeNames[commandType.Int]
	}
	switch name {
	case "SCHEDULER":
		return idScheduler
	case "COMPLEMENT_DATA":
		return idComplement
	}
	return idStartProcess // START_PROCESS, START_CURRENT_TASK_PROCESS and anything else
}

// lastHistory is the code of the last history_cmd entry (the command that
// last acted on the instance), used for a NULL command_type.
func lastHistory(history NullString) (int64, bool) {
	if !history.Valid {
		return 0, false
	}
	s := history.String
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		s = s[i+1:]
	}
	return commandTypeCode(strings.TrimSpace(s))
}

// buildInput is what a typed param is built from.
type buildInput struct {
	id       string
	l        *legacy
	sub      bool
	schedule Schedule
	backfill backfillInput
}

// buildParam converts a legacy map (or no map) into a typed param of type
// in.id (DESIGN §4). notes are reported as findings; why is a refusal.
func buildParam(res *Result, in buildInput) (p typedParam, why string) {
	l := in.l
	p.id, p.sub = in.id, in.sub
	if !l.startNodeList.Exists() {
		if s, present, _ := scalarText(l.startNodeNames); present && s != "" {
			return p, "StartNodeNameList: 1.x task names cannot be turned into task codes without the definition"
		}
	}
	if p.startNodes, why = startNodes(l.startNodeList); why != "" {
		return p, why
	}
	if s, present, _ := scalarText(l.startNodeIDList); present && s != "" && p.startNodes == nil {
		res.find(RuleStartNodeIDs, "StartNodeIdList (task-instance ids, not task codes) dropped; 3.3 recovers from task-instance states")
	}
	if p.props, why = commandParams(l); why != "" {
		return p, why
	}
	if p.timeZone, why = legacyZone(l); why != "" {
		return p, why
	}
	if !p.timeZone.Valid && (in.id == idScheduler || in.id == idComplement) {
		if tz := in.schedule.Timezone; tz.Valid && tz.String != "" {
			if !ValidZone(tz.String) {
				return p, "schedule_timezone: the definition's schedule zone " + strconv.Quote(clip(tz.String)) + " is not a zone Java's ZoneId accepts"
			}
			p.timeZone = tz
		}
	}
	if in.id == idComplement {
		in.backfill.l = l
		in.backfill.crons = in.schedule.Crons
		list, note, why := backfillList(in.backfill)
		if why != "" {
			return p, why
		}
		if note != "" {
			res.find(RuleBackfill, note)
		}
		p.backfill = list
	}
	return p, ""
}

// setParam stores a built param in res.
func setParam(res *Result, p *typedParam) {
	res.CommandParam = Str(p.String())
	res.ParamChanged = true
	res.find(RuleParamTyped, "command_param typed as "+p.id)
}

// checkKept reports problems of a typed param that is kept unchanged; the
// verifier (V01/V05/V07) rejects them, the transform does not guess a fix.
func checkKept(res *Result, l *legacy, id string) (status string) {
	tz, status, hasBackfill := typedFields(l.obj)
	if tz != "" && !ValidZone(tz) {
		res.find(RuleParamCheck, "typed param kept: timeZone "+strconv.Quote(clip(tz))+" is not a zone Java's ZoneId accepts")
	}
	if id == idComplement && !hasBackfill {
		res.find(RuleParamCheck, "typed param kept: COMPLEMENT_DATA without backfillTimeList")
	}
	return status
}
