-- DolphinScheduler 3.2.2 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_project_parameter
  ADD COLUMN IF NOT EXISTS `param_data_type` varchar (50) DEFAULT 'VARCHAR' COMMENT 'project parameter data type'
