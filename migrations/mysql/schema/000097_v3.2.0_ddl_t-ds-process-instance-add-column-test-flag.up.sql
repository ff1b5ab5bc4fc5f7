-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_instance
  ADD COLUMN IF NOT EXISTS `test_flag` tinyint(4) DEFAULT null COMMENT 'test flag：0 normal, 1 test run'
