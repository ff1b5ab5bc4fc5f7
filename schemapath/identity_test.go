package schemapath_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// freshOrderOnly are the tables whose column ORDER differs between an upgraded
// database (DS's own path or ours, which follow the same order) and a fresh
// 3.3.0 install: the upgrade scripts ADD columns at the end or AFTER x, the
// fresh DDL lists them elsewhere (shared/dolphinscheduler/schema-diff.txt).
// Types, nullability, defaults, collations, comments and indexes are equal.
var freshOrderOnly = map[string]string{
	"t_ds_workflow_instance":   "project_code, state_history, executor_name, tenant_code added at the end by 3.1.0/3.2.0",
	"t_ds_command":             "tenant_code added at the end by 3.2.0",
	"t_ds_error_command":       "tenant_code added at the end by 3.2.0",
	"t_ds_task_instance":       "workflow_instance_name, project_code, executor_name, is_cache, cache_key added at the end by 3.2.0",
	"t_ds_alert":               "sign added AFTER id, warning_type appended by 3.0.0",
	"t_ds_audit_log":           "3.2.2 renames time to create_time in place and appends the new columns",
	"t_ds_k8s_namespace":       "code, cluster_code appended by 3.1.0",
	"t_ds_project_parameter":   "operator, param_data_type appended by 3.2.2",
	"t_ds_schedules":           "tenant_code appended by 3.2.0",
	"t_ds_task_definition":     "is_cache appended by 3.2.0",
	"t_ds_task_definition_log": "is_cache appended by 3.2.0",
	"t_ds_worker_group":        "other_params_json (3.1.0) before description (3.1.1)",
}

// dsmigrateFixes are the catalogue columns where `dsmigrate upgrade --to 3.3.0`
// deliberately ends with other values than DS's own path: the transform
// passes (DESIGN §4) that make the command data replayable by a 3.3 master.
var dsmigrateFixes = map[string]string{
	"t_ds_command.command_param":              "typed 3.3 command JSON (DESIGN §4.1)",
	"t_ds_command.command_type":               "vanished command types remapped (§4.2)",
	"t_ds_command.workflow_instance_id":       "commands get the instance a 3.3 trigger creates (§4.1)",
	"t_ds_command.<rows>":                     "failover commands created; commands without a 3.3 handler moved to t_ds_error_command",
	"t_ds_error_command.command_param":        "same transform as t_ds_command",
	"t_ds_error_command.command_type":         "same transform as t_ds_command",
	"t_ds_error_command.<rows>":               "retired commands moved here",
	"t_ds_workflow_instance.command_param":    "typed 3.3 command JSON",
	"t_ds_workflow_instance.command_type":     "vanished command types remapped",
	"t_ds_workflow_instance.state":            "vanished states remapped; instances to fail over parked at FAILOVER (18); orphans finalized (--orphans=finalize)",
	"t_ds_workflow_instance.test_flag":        "NULL test_flag filled with 0",
	"t_ds_workflow_instance.task_depend_type": "NULL task_depend_type filled",
	"t_ds_workflow_instance.start_time":       "instances created for commands take the command's times",
	"t_ds_workflow_instance.<rows>":           "instances created for commands that point at none",
	"t_ds_task_instance.state":                "vanished task states remapped",
	"t_ds_task_instance.test_flag":            "NULL test_flag filled with 0",
	"t_ds_task_instance.task_type":            "SUB_PROCESS task instances become SUB_WORKFLOW (DS renames only definitions)",
	"t_ds_task_instance.task_params":          "SUB_PROCESS → SUB_WORKFLOW task instances: processDefinitionCode → workflowDefinitionCode",
}

// wallClock are columns both paths set to the moment they run, so they differ
// between any two upgrades of the same data.
var wallClock = map[string]string{
	"t_ds_dq_rule_input_entry.create_time":       "3.2.0 seed rows use current_timestamp",
	"t_ds_dq_rule_input_entry.update_time":       "3.2.0 seed rows use current_timestamp",
	"t_ds_relation_rule_input_entry.create_time": "3.2.0 seed rows use current_timestamp",
	"t_ds_relation_rule_input_entry.update_time": "3.2.0 seed rows use current_timestamp",
	"t_ds_tenant.create_time":                    "3.2.0 default tenant inserted with current_timestamp",
	"t_ds_tenant.update_time":                    "3.2.0 default tenant inserted with current_timestamp",
	"t_ds_workflow_instance.update_time":         "ON UPDATE CURRENT_TIMESTAMP: set by 3.2.0's tenant_code UPDATE and data step, in both paths",
}

// TestIdentityWithDSUpgrade: DS's real 2.0.9 DDL plus the fixture catalogue,
// once through DS's own scripts and once through dsmigrate's schema path.
func TestIdentityWithDSUpgrade(t *testing.T) {
	ctx := context.Background()
	ds, ours, direct, fresh := dbtest.New(t), dbtest.New(t), dbtest.New(t), dbtest.New(t)
	for _, d := range []*dbtest.DB{ds, ours, direct} {
		d.LoadDS(t, "")
		if err := fixtures.LoadCatalogue(ctx, d.SQL); err != nil {
			t.Fatalf("catalogue: %v", err)
		}
	}
	ds.UpgradeDS(t, "3.3.0")
	if err := schemapath.Apply(ctx, ours.SQL, schemapath.Options{BatchSize: 7}); err != nil {
		t.Fatalf("schema path: %v", err)
	}
	loadFile(t, fresh, filepath.Join(testenv.SharedDir(t), "dolphinscheduler", "target", "3.3.0", "mysql", "dolphinscheduler_mysql.sql"))

	sDS, sOurs, sFresh := schemaOf(t, ds.SQL), schemaOf(t, ours.SQL), schemaOf(t, fresh.SQL)
	if d := diffSchemas(sDS, sOurs); len(d) > 0 {
		t.Errorf("schema: DS's path | dsmigrate's path differ:\n%s", strings.Join(d, "\n"))
	}
	seen := map[string]bool{}
	for _, d := range diffSchemas(sOurs, sFresh) {
		kind, rest, _ := strings.Cut(d, " ")
		table, _, _ := strings.Cut(rest, ":")
		if _, ok := freshOrderOnly[table]; ok && kind == "order" {
			seen[table] = true
			continue
		}
		t.Errorf("schema: dsmigrate's path | fresh 3.3.0 install: unexpected difference: %s", d)
	}
	for table := range freshOrderOnly {
		if !seen[table] {
			t.Errorf("freshOrderOnly lists %s, whose column order now matches the fresh install: drop it", table)
		}
	}

	// Data: the schema path alone must give DS's data (wall-clock columns aside).
	for k, n := range diffData(t, ds.SQL, ours.SQL, sDS) {
		if _, ok := wallClock[k]; !ok {
			t.Errorf("data after the schema path: %s differs in %d rows", k, n)
		}
	}

	// Then the transform passes on the 3.3 shape: only the documented columns change.
	if _, err := backfill.Run(ctx, ours.SQL, backfill.Options{Orphans: backfill.OrphansFinalize, IgnoreHeartbeats: true}); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	var got []string
	for k, n := range diffData(t, ds.SQL, ours.SQL, sDS) {
		if _, ok := wallClock[k]; ok {
			continue
		}
		got = append(got, k)
		if _, ok := dsmigrateFixes[k]; !ok {
			t.Errorf("data after upgrade --to 3.3.0: %s differs from DS's path in %d rows and is not a documented fix", k, n)
		}
	}
	sort.Strings(got)
	t.Logf("columns dsmigrate changes beyond DS's path: %v", got)

	// And in one call, as `dsmigrate upgrade --to 3.3.0` does it: same schema, same data.
	if _, err := backfill.Run(ctx, direct.SQL, backfill.Options{To: schemapath.Target, Orphans: backfill.OrphansFinalize, IgnoreHeartbeats: true}); err != nil {
		t.Fatalf("upgrade --to: %v", err)
	}
	if d := diffSchemas(sDS, schemaOf(t, direct.SQL)); len(d) > 0 {
		t.Errorf("schema: DS's path | upgrade --to differ:\n%s", strings.Join(d, "\n"))
	}
	for k, n := range diffData(t, ours.SQL, direct.SQL, sDS) {
		if _, ok := wallClock[k]; !ok {
			t.Errorf("data: schema path + upgrade | upgrade --to: %s differs in %d rows", k, n)
		}
	}
}
