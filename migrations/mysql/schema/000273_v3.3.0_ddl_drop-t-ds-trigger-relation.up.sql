-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
DROP TABLE IF EXISTS `t_ds_trigger_relation`
