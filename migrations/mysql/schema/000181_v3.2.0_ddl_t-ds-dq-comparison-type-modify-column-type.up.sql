-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_dq_comparison_type`
  MODIFY COLUMN IF EXISTS `type` varchar(255) NOT NULL
