-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_k8s`
  MODIFY COLUMN IF EXISTS `k8s_name` varchar(255) DEFAULT NULL
