-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_relation_project_user`
  DROP INDEX IF EXISTS `user_id_index`
