-- MariaDB workaround for DolphinScheduler 3.1.0 (see schemapath/README-section.md).
ALTER TABLE t_ds_k8s_namespace DROP INDEX IF EXISTS k8s_namespace_unique
