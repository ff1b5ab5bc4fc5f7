-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_user`
  MODIFY COLUMN IF EXISTS `tenant_id` int NULL DEFAULT -1 COMMENT 'tenant id'
