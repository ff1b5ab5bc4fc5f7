-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_fav_task`
  MODIFY COLUMN IF EXISTS `id` bigint NOT NULL AUTO_INCREMENT COMMENT 'id'
