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
	ignoredLegacyKeys(res, l)
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
	// No fallback to the schedule's timezone_id: 2.0.9 computed business
	// dates in the master JVM's zone (BusinessTimeUtils.getBusinessTime), and
	// 3.3 formats them in the JVM zone when timeZone is null
	// (CuringParamsServiceImpl.java:204-208).
	if in.id == idComplement {
		in.backfill.l = l
		in.backfill.crons = in.schedule.Crons
		in.backfill.zone = in.schedule.ServerZone
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

// ignoredLegacyKeys reports the 1.3 keys 2.0.9 never read, so a row holding
// them ran the full graph under 2.0.9 and gets startNodes null (3.3 does the
// same, AbstractCommandHandler.java:128-133): StartNodeNameList (declared at
// 2.0.9 Constants.java:435, but parseStartNodeName reads only StartNodeList,
// WorkflowExecuteThread.java:1622-1623) and WaittingThreadInstanceId (2.0.9
// reads WaitingThreadInstanceId, Constants.java:425).
func ignoredLegacyKeys(res *Result, l *legacy) {
	var keys []string
	if l.startNodeNames.Exists() {
		keys = append(keys, "StartNodeNameList")
	}
	if l.waittingThread.Exists() {
		keys = append(keys, "WaittingThreadInstanceId")
	}
	if len(keys) > 0 {
		res.find(RuleLegacyKey, "1.3 key "+strings.Join(keys, " and ")+" ignored: 2.0.9 never read it "+
			"(it reads StartNodeList and WaitingThreadInstanceId) and ran the full graph; startNodes null")
	}
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
