-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_alert`
  MODIFY COLUMN IF EXISTS `title` varchar (512) null comment 'title'
