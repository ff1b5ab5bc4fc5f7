-- DolphinScheduler 3.2.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_dq_rule_input_entry`
  CHANGE COLUMN IF EXISTS `value` `data` varchar(255) DEFAULT NULL
