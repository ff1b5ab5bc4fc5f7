-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_k8s_namespace`
  MODIFY COLUMN IF EXISTS `namespace` varchar(255) DEFAULT NULL
