-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_udfs`
  MODIFY COLUMN IF EXISTS `func_name` varchar(255) NOT NULL COMMENT 'UDF function name'
