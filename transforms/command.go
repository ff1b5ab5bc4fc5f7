package transforms

import "strconv"

// Command transforms a t_ds_command row (DESIGN §4.1):
//
//	0, 5, 6  same type, typed param; ActionNeedsInstance when it points at no instance
//	1        type 0, startNodes from StartNodeList
//	2        typed failover param with the instance's pre-failover state; ActionFailover
//	3, 4, 7  same type, param NULL (3.3 ignores it)
//	10       type 2, failover with RUNNING_EXECUTION; ActionFailover
//	8, 9, 11, 12, 13  ActionRetire (no 3.3 handler)
//
// Other codes and a NULL command_type are refused.
func Command(r CommandRow) Result { return command(r, TableCommand) }

// ErrorCommand transforms a t_ds_error_command row with the same rules as
// Command (DESIGN §4.1), except that a type without a 3.3 handler is already
// where a retired command goes: it is kept as is, with a finding.
func ErrorCommand(r CommandRow) Result { return command(r, TableErrorCommand) }

func command(r CommandRow, table Table) Result {
	res := Result{Table: table, ID: r.ID, CommandParam: r.CommandParam}
	if !r.CommandType.Valid {
		res.refuse("command_type: NULL", r.CommandParam)
		return res
	}
	ct := r.CommandType.Int
	name := "unknown"
	if ct >= 0 && ct < int64(len(commandTypeNames)) {
		name = commandTypeNames[ct]
	}
	label := "command_type " + strconv.FormatInt(ct, 10) + " " + name

	switch ct {
	case 8, 9, 11, 12, 13:
		_, l, _, _ := readParam(r.CommandParam) // best effort: the row moves whole
		res.InstanceRef = l.instanceRef
		if table == TableErrorCommand {
			res.find(RuleErrorCommand, label+" has no 3.3 handler; it stays an error command")
		} else {
			res.Action, res.RetireMessage = ActionRetire, RetireMessage
			res.find(RuleRetire, label+" has no 3.3 handler: "+RetireMessage)
		}
		return res
	case 0, 1, 2, 3, 4, 5, 6, 7, 10:
	default:
		res.refuse("command_type: "+strconv.FormatInt(ct, 10)+" is not a command type dsmigrate knows", r.CommandParam)
		return res
	}

	// A 2.0 serial complement queues the next date as a COMPLEMENT_DATA
	// command on the same, still running instance. In 3.3 that instance's own
	// backfillTimeList carries the remaining dates (reference §6), so the
	// command would run them twice: it is superseded.
	// State 0 is an instance created for this very command (SUBMITTED_SUCCESS).
	if ct == cmdComplementData && r.InstanceState.Valid && r.InstanceState.Int != 0 && !finishedOrLegacyFinished(r.InstanceState.Int) {
		_, l, _, _ := readParam(r.CommandParam) // best effort: the row moves whole
		res.InstanceRef = l.instanceRef
		msg := label + " is the next date of a running serial complement: superseded by the instance's backfillTimeList"
		if table == TableErrorCommand {
			res.find(RuleErrorCommand, msg+"; it stays an error command")
		} else {
			res.Action, res.RetireMessage = ActionRetire, RetireSupersededMessage
			res.find(RuleSuperseded, msg)
		}
		return res
	}

	kind, l, typedID, why := readParam(r.CommandParam)
	res.InstanceRef = l.instanceRef
	if why != "" {
		res.refuse(why, r.CommandParam)
		return res
	}
	if kind == paramLegacy && subProcessCommand(&res, &l, table, label) {
		return res
	}

	switch ct {
	case cmdRecoverSuspended, cmdStartFailureTask, cmdRepeatRunning:
		// 3.3's triggers write NULL; its handlers read the instance's param (reference §3.4, §5.2).
		if kind != paramTyped && r.CommandParam.Valid {
			res.CommandParam, res.ParamChanged = NullString{}, true
			res.find(RuleParamNull, "command_param NULL: 3.3 ignores it for "+label)
		}
		if !r.InstanceState.Valid {
			res.find(RuleNoInstance, label+" points at no instance; it cannot be replayed")
		}
		return res

	case cmdRecoverToleranceFlt, cmdRecoverWaitThread:
		if ct == cmdRecoverWaitThread {
			res.Changes.CommandType = Int(cmdRecoverToleranceFlt)
			res.find(RuleCommandType, "command_type 10 RECOVER_WAITING_THREAD → 2 RECOVER_TOLERANCE_FAULT_PROCESS")
		}
		var status string
		if kind == paramTyped {
			if typedID != idFailover {
				res.refuse("commandType: a typed "+typedID+" param on a failover command ("+label+")", r.CommandParam)
				return res
			}
			status = checkKept(&res, &l, typedID)
			if status != StatusRunning && status != StatusReadyPause && status != StatusReadyStop {
				res.find(RuleParamCheck, "typed failover param kept: workflowExecutionStatus "+strconv.Quote(clip(status))+" is not RUNNING_EXECUTION, READY_PAUSE or READY_STOP")
			}
		} else {
			if status, why = failoverStatus(&res, ct, r.InstanceState); why != "" {
				res.refuse(why, r.CommandParam)
				return res
			}
			// Exactly what a 3.3 master writes (reference §3.4 WorkflowFailover).
			setParam(&res, &typedParam{id: idFailover, status: status})
		}
		res.Action, res.FailoverStatus = ActionFailover, status
		res.find(RuleFailoverCommand, "failover command with "+status+": the instance must be at 18 with this as its only pending failover command")
		return res
	}

	// 0, 1, 5, 6: commands that start a run.
	id := idStartProcess
	switch ct {
	case cmdComplementData:
		id = idComplement
	case cmdScheduler:
		id = idScheduler
	case cmdStartCurrentTask:
		res.Changes.CommandType = Int(cmdStartProcess)
		res.find(RuleCommandType, "command_type 1 START_CURRENT_TASK_PROCESS → 0 START_PROCESS with startNodes")
	}
	if kind == paramTyped {
		if typedID != id {
			res.refuse("commandType: a typed "+typedID+" param on "+label+" (expected "+id+")", r.CommandParam)
			return res
		}
		checkKept(&res, &l, typedID)
	} else {
		sub := r.IsSubProcess
		if !sub && subFromParam(&l) {
			sub = true
			res.find(RuleSubWorkflow, "subWorkflowInstance true: the param names a parentProcessInstanceId")
		}
		p, why := buildParam(&res, buildInput{id: id, l: &l, sub: sub, schedule: r.Schedule})
		if why != "" {
			res.refuse(why, r.CommandParam)
			return res
		}
		setParam(&res, &p)
	}
	if !r.InstanceState.Valid {
		res.Action = ActionNeedsInstance
		msg := label + " points at no instance: create it the way a 3.3 trigger does"
		if r.InstanceID.Valid && r.InstanceID.Int != 0 {
			msg = label + " points at instance " + strconv.FormatInt(r.InstanceID.Int, 10) + ", which does not exist: create it the way a 3.3 trigger does"
		}
		res.find(RuleNeedsInstance, msg)
	}
	return res
}

// subProcessCommand retires a pending 2.0.9 sub-process command (issue
// #12.3, DESIGN §4.1): 2.0.9 wrote it, with the parent's command type, to
// start a child not created yet. Its running parent is recovered under 3.3,
// whose SUB_WORKFLOW task then triggers the child itself
// (SubWorkflowLogicTask.java:126-127, 175-205); an instance created from
// this command (without is_sub_process and without a relation row) would run
// the child twice. In t_ds_error_command it stays, converted, with a finding.
func subProcessCommand(res *Result, l *legacy, table Table, label string) bool {
	parent, task, ok := pendingSubProcess(l)
	if !ok {
		return false
	}
	msg := label + " is a pending 2.0.9 sub-process command of parent instance " + strconv.FormatInt(parent, 10) +
		", task instance " + strconv.FormatInt(task, 10)
	if table == TableErrorCommand {
		res.find(RuleSubProcess, msg+"; it stays an error command")
		return false
	}
	res.InstanceRef = 0 // the parent is not the command's instance
	res.Action, res.RetireMessage = ActionRetire, RetireSubProcessMessage(parent, task)
	res.find(RuleSubProcess, msg+": retired, the parent's SUB_WORKFLOW task starts the child in 3.3")
	return true
}

// failoverStatus is the workflowExecutionStatus a legacy failover command
// resumes: the instance's pre-failover state 1/2/4 by name (DESIGN §4.1); the
// waiting/vanished states of DESIGN §4.2 and 0 resume as RUNNING_EXECUTION;
// type 10 always resumes RUNNING_EXECUTION. Finished instances, instances
// already at 18 and missing instances are refused: no state to resume.
func failoverStatus(res *Result, ct int64, st NullInt) (status, why string) {
	if !st.Valid {
		return "", "state: NULL; the failover command points at no instance (InstanceRef " + strconv.FormatInt(res.InstanceRef, 10) + ")"
	}
	s := st.Int
	label := strconv.FormatInt(s, 10) + " " + stateName(workflowStateNames, s)
	switch s {
	case wfRunning, wfReadyPause, wfReadyStop:
		if ct == cmdRecoverWaitThread {
			return StatusRunning, ""
		}
		return [...]string{wfRunning: StatusRunning, wfReadyPause: StatusReadyPause, wfReadyStop: StatusReadyStop}[s], ""
	case wfSubmitted, 8, 10, 11, 12, 15:
		res.find(RuleFailoverCommand, "instance state "+label+" resumes as "+StatusRunning)
		return StatusRunning, ""
	case wfFailover:
		return "", "state: the instance is already at 18 FAILOVER and this legacy failover command does not say its pre-failover state (dsmigrate repair)"
	}
	return "", "state: the instance is at " + label + "; a failover command cannot resume it"
}
