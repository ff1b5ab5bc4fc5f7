package transforms

import "strconv"

// Instance transforms a workflow instance row (t_ds_process_instance, 3.3
// t_ds_workflow_instance): its command_param becomes the typed param of the
// command that launched it (DESIGN §4), and vanished enum codes and NULL
// columns are remapped (DESIGN §4.2). A refused row changes nothing.
func Instance(r InstanceRow) Result {
	res := Result{Table: TableInstance, ID: r.ID, CommandParam: r.CommandParam}
	kind, l, typedID, why := readParam(r.CommandParam)
	if why != "" {
		res.refuse(why, r.CommandParam)
		return res
	}

	// state (DESIGN §4.2): 8,10,11,12,15 → 18 + failover; 9,16 → 5; 13 → 7.
	state := r.State
	switch {
	case !state.Valid:
		res.find(RuleUnknownCode, "state is NULL; no 3.3 state to give it")
	case state.Int == wfFailover:
		res.Action = ActionFailover // already parked; its status is in its failover command
	default:
		to, failover, remapped := instanceStateRemap(state.Int)
		if !remapped {
			if !liveWorkflowState(state.Int) {
				res.find(RuleUnknownCode, "state "+strconv.FormatInt(state.Int, 10)+" is not a 3.3 state; left as is")
			}
			break
		}
		msg := "state " + strconv.FormatInt(state.Int, 10) + " " + stateName(workflowStateNames, state.Int) +
			" → " + strconv.FormatInt(to, 10) + " " + stateName(workflowStateNames, to)
		if failover {
			res.Action, res.FailoverStatus = ActionFailover, StatusRunning
			res.find(RuleInstanceFailovr, msg+"; needs one failover command with "+StatusRunning)
		} else {
			res.find(RuleInstanceState, msg)
		}
		res.Changes.State = Int(to)
		state = Int(to)
	}
	finished := state.Valid && workflowFinished(state.Int)

	// command_param (DESIGN §4).
	switch kind {
	case paramTyped:
		checkKept(&res, &l, typedID)
	default:
		id := launchType(r.HistoryCmd, r.CommandType)
		p, why := buildParam(&res, buildInput{
			id:       id,
			l:        &l,
			sub:      r.IsSubProcess,
			schedule: r.Schedule,
			backfill: backfillInput{instance: true, finished: finished, scheduleTime: r.ScheduleTime},
		})
		if why != "" {
			res.refuse(why, r.CommandParam)
			return res
		}
		setParam(&res, &p)
	}

	// command_type: 10 → 2; NULL → the last history_cmd entry (DESIGN §4.2).
	switch {
	case r.CommandType.Valid && r.CommandType.Int == cmdRecoverWaitThread:
		res.Changes.CommandType = Int(cmdRecoverToleranceFlt)
		res.find(RuleCommandType, "command_type 10 RECOVER_WAITING_THREAD → 2 RECOVER_TOLERANCE_FAULT_PROCESS")
	case !r.CommandType.Valid:
		if c, ok := lastHistory(r.HistoryCmd); ok {
			if c == cmdRecoverWaitThread {
				c = cmdRecoverToleranceFlt
			}
			res.Changes.CommandType = Int(c)
			res.find(RuleCommandType, "command_type NULL → "+strconv.FormatInt(c, 10)+" "+commandTypeNames[c]+" (last history_cmd entry)")
		} else {
			res.find(RuleUnknownCode, "command_type is NULL and history_cmd names no usable command type")
		}
	case r.CommandType.Int < 0 || r.CommandType.Int >= int64(len(commandTypeNames)):
		res.find(RuleUnknownCode, "command_type "+strconv.FormatInt(r.CommandType.Int, 10)+" is not a 3.3 command type; left as is")
	}
	if !r.TestFlag.Valid {
		res.Changes.TestFlag = Int(0)
		res.find(RuleTestFlag, "test_flag NULL → 0")
	}
	if !r.TaskDependType.Valid {
		res.Changes.TaskDependType = Int(2)
		res.find(RuleTaskDependType, "task_depend_type NULL → 2 TASK_POST")
	}
	// A non-finished instance needs start_time (reference §5.1).
	if !finished && !r.StartTime.Valid {
		switch {
		case r.RestartTime.Valid:
			res.Changes.StartTime = r.RestartTime
			res.find(RuleStartTime, "start_time NULL → restart_time")
		case r.ScheduleTime.Valid:
			res.Changes.StartTime = r.ScheduleTime
			res.find(RuleStartTime, "start_time NULL → schedule_time")
		default:
			res.find(RuleStartTime, "start_time, restart_time and schedule_time are NULL; start_time stays NULL")
		}
	}
	return res
}
