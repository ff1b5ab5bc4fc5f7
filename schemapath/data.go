package schemapath

import (
	"context"
	"database/sql"
	"fmt"
)

// v320Data is DS 3.2.0's Java data step (V320DolphinSchedulerUpgrader), as
// load-and-upgrade.sh's SQL stand-in does it, in id batches: workflow
// instances get project_code, tenant_code and executor_name; task instances
// get project_code, process_instance_name and executor_name from their
// workflow instance. Only rows whose project_code is still NULL are touched,
// so a rerun after a crash finishes the job without redoing it.
func v320Data(ctx context.Context, db *sql.DB, batch int) error {
	const instances = `UPDATE t_ds_process_instance SET
  project_code = COALESCE((SELECT l.project_code FROM t_ds_process_definition_log l
                 WHERE l.code = t_ds_process_instance.process_definition_code
                   AND l.version = t_ds_process_instance.process_definition_version LIMIT 1), -1),
  tenant_code = CASE WHEN EXISTS (SELECT 1 FROM t_ds_process_definition_log l
                 WHERE l.code = t_ds_process_instance.process_definition_code
                   AND l.version = t_ds_process_instance.process_definition_version)
                THEN COALESCE((SELECT s.tenant_code FROM t_ds_schedules s
                 WHERE s.process_definition_code = t_ds_process_instance.process_definition_code LIMIT 1), 'default')
                ELSE NULL END,
  executor_name = CASE WHEN EXISTS (SELECT 1 FROM t_ds_process_definition_log l
                 WHERE l.code = t_ds_process_instance.process_definition_code
                   AND l.version = t_ds_process_instance.process_definition_version)
                THEN (SELECT u.user_name FROM t_ds_user u WHERE u.id = t_ds_process_instance.executor_id)
                ELSE NULL END
WHERE project_code IS NULL AND id >= ? AND id < ?`
	const tasks = `UPDATE t_ds_task_instance SET
  project_code = COALESCE((SELECT p.project_code FROM t_ds_process_instance p WHERE p.id = t_ds_task_instance.process_instance_id), -1),
  process_instance_name = (SELECT p.name FROM t_ds_process_instance p WHERE p.id = t_ds_task_instance.process_instance_id),
  executor_name = (SELECT p.executor_name FROM t_ds_process_instance p WHERE p.id = t_ds_task_instance.process_instance_id)
WHERE project_code IS NULL AND id >= ? AND id < ?`
	if err := batched(ctx, db, "t_ds_process_instance", instances, batch); err != nil {
		return err
	}
	return batched(ctx, db, "t_ds_task_instance", tasks, batch)
}

// batched runs update (with placeholders for the id range [lo, hi)) over the
// table's ids in ranges of batch ids, one autocommitted statement each.
func batched(ctx context.Context, db *sql.DB, table, update string, batch int) error {
	var lo, hi sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT MIN(id), MAX(id) FROM `"+table+"` WHERE project_code IS NULL").Scan(&lo, &hi); err != nil {
		return fmt.Errorf("schemapath: 3.2.0 data step on %s: id range: %w", table, err)
	}
	if !lo.Valid {
		return nil
	}
	for from := lo.Int64; from <= hi.Int64; from += int64(batch) {
		if _, err := db.ExecContext(ctx, update, from, from+int64(batch)); err != nil {
			return fmt.Errorf("schemapath: 3.2.0 data step on %s, ids [%d, %d): %w", table, from, from+int64(batch), err)
		}
	}
	return nil
}
