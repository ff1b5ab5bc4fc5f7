-- DolphinScheduler 3.2.2 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_audit_log`
  DROP COLUMN IF EXISTS resource_type,
  DROP COLUMN IF EXISTS operation,
  DROP COLUMN IF EXISTS resource_id,
  ADD COLUMN IF NOT EXISTS `model_id` bigint(20) DEFAULT NULL COMMENT 'model id',
  ADD COLUMN IF NOT EXISTS `model_name` varchar(100) DEFAULT NULL COMMENT 'model name',
  ADD COLUMN IF NOT EXISTS `model_type` varchar(100) NOT NULL COMMENT 'model type',
  ADD COLUMN IF NOT EXISTS `operation_type` varchar(100) NOT NULL COMMENT 'operation type',
  ADD COLUMN IF NOT EXISTS `description` varchar(100) DEFAULT NULL COMMENT 'api description',
  ADD COLUMN IF NOT EXISTS `latency` int(11) DEFAULT NULL COMMENT 'api cost milliseconds',
  ADD COLUMN IF NOT EXISTS `detail` varchar(100) DEFAULT NULL COMMENT 'object change detail',
  CHANGE COLUMN IF EXISTS `time` `create_time` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT "operation time"
