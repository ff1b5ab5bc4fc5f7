package inspect

import (
	"fmt"

	"github.com/dsmigrate/dsmigrate/schema"
)

// Risk ids (stable; part of the JSON contract).
const (
	riskUntypedInstanceParams        = "untyped_instance_params"
	riskUntypedCommandParams         = "untyped_command_params"
	riskUnparseable                  = "unparseable_params"
	riskVanishedInstanceStates       = "vanished_instance_states"
	riskVanishedInstanceCommandTypes = "vanished_instance_command_types"
	riskUnhandledCommandTypes        = "unhandled_command_types"
	riskNewInstanceCommands          = "new_instance_commands"
	riskOrphanDefinitionRefs         = "orphan_definition_refs"
	riskVanishedTaskStates           = "vanished_task_states"
	riskNullTestFlag                 = "null_test_flag"
	riskSubProcessTasks              = "sub_process_tasks"
	riskFailoverInstances            = "failover_instances"
	riskErrorCommands                = "error_commands"
	riskStartNodeIDList              = "start_node_id_list"
	riskLegacy13Keys                 = "legacy_1_3_keys"
	riskVersionRowMismatch           = "version_row_mismatch"
)

// riskMessages explains each risk, in report order, with the reference section it comes from.
var riskMessages = []struct{ id, message string }{
	{riskUntypedInstanceParams, "instance command_param without commandType: a 3.3 master cannot parse it, failover sticks at 18 (#16878; docs/verify-rules.md, V01)"},
	{riskUntypedCommandParams, "command/error command param without commandType: the 3.3 handler fails and the command lands in t_ds_error_command (docs/verify-rules.md, V05)"},
	{riskUnparseable, "param is not a JSON object (invalid JSON, array or scalar): upgrade refuses these rows and leaves them untouched"},
	{riskVanishedInstanceStates, "instance state 8/9/10/11/12/13/15/16 no longer exists in 3.3 and reads as null (docs/transforms.md, vanished codes)"},
	{riskVanishedInstanceCommandTypes, "instance command_type 10 (RECOVER_WAITING_THREAD) was removed in 3.3: NPE in BusinessTimeUtils (docs/transforms.md, vanished codes)"},
	{riskUnhandledCommandTypes, "pending command of a type with no 3.3 handler (1, 8–13): 'Cannot find ICommandHandler' (docs/transforms.md, commands)"},
	{riskNewInstanceCommands, "pending start/schedule/complement command without an instance row: a 3.3 handler needs one (docs/transforms.md, commands)"},
	{riskOrphanDefinitionRefs, "(definition code, version) missing from the definition log: the row cannot be replayed as is (1.3 leftovers; 2.0.9 error commands carry version 0; docs/verify-rules.md, V04)"},
	{riskVanishedTaskStates, "task instance state 2/4/5/10/11 no longer exists in 3.3: 'Cannot find TaskStateAction' (docs/transforms.md, vanished codes)"},
	{riskNullTestFlag, "test_flag NULL (or column not yet added) on instances/task instances: 3.3 hides such task instances on recovery (docs/verify-rules.md, V03 and V08)"},
	{riskSubProcessTasks, "task instance of type SUB_PROCESS: 3.3 only knows SUB_WORKFLOW and DS's scripts rename definitions only (docs/transforms.md, task instances)"},
	{riskFailoverInstances, "instance at FAILOVER (18): needs exactly one pending, parseable failover command (docs/verify-rules.md, V02; `dsmigrate repair`)"},
	{riskErrorCommands, "rows in t_ds_error_command: nothing in DS moves them back (docs/verify-rules.md, V09)"},
	{riskStartNodeIDList, "param with StartNodeIdList (task-instance ids): never used as 3.3 start nodes (docs/transforms.md)"},
	{riskLegacy13Keys, "param with 1.3.x keys (WaittingThreadInstanceId, StartNodeNameList, processDefinitionId): never read by 2.0.9 (docs/transforms.md)"},
	{riskVersionRowMismatch, "t_ds_version disagrees with the detected schema shape: DS's own upgrader would skip or repeat steps (dsmigrate reads the shape from information_schema)"},
}

// Vanished or unhandled codes (reference §4.2, §5.3; DESIGN §4.2).
var (
	vanishedInstanceStates  = map[int64]bool{8: true, 9: true, 10: true, 11: true, 12: true, 13: true, 15: true, 16: true}
	vanishedTaskStates      = map[int64]bool{2: true, 4: true, 5: true, 10: true, 11: true}
	handledCommandTypes     = map[int64]bool{0: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true}
	newInstanceCommandTypes = map[int64]bool{0: true, 1: true, 5: true, 6: true}
)

// risks turns the counters into the report's list, every id present, in order.
func (c *collector) risks(r *Report) []Risk {
	c.counts[riskUntypedInstanceParams] = r.Inventory.Instances.UntypedParams
	c.counts[riskUntypedCommandParams] = r.Inventory.Commands.UntypedParams + r.Inventory.ErrorCommands.UntypedParams
	c.counts[riskErrorCommands] = r.Inventory.ErrorCommands.Total
	out := make([]Risk, 0, len(riskMessages))
	for _, m := range riskMessages {
		msg := m.message
		if m.id == riskVersionRowMismatch {
			c.counts[m.id], msg = versionMismatch(r)
		}
		out = append(out, Risk{ID: m.id, Count: c.counts[m.id], Message: msg})
	}
	return out
}

func versionMismatch(r *Report) (int64, string) {
	base := riskMessages[len(riskMessages)-1].message
	if r.VersionRow == "" {
		return 1, base + ": no version row"
	}
	want, ok := schema.ExpectedShapeOfVersion(r.VersionRow)
	if !ok {
		return 1, fmt.Sprintf("%s: unreadable version %q", base, r.VersionRow)
	}
	if want != r.Shape {
		return 1, fmt.Sprintf("%s: t_ds_version says %s (a %s schema) but the tables are %s", base, r.VersionRow, want, r.Shape)
	}
	return 0, base
}
