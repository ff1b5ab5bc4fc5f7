-- MariaDB workaround for DolphinScheduler 3.2.0 (see schemapath/README-section.md).
ALTER TABLE `QRTZ_SIMPROP_TRIGGERS` DROP FOREIGN KEY IF EXISTS `QRTZ_SIMPROP_TRIGGERS_ibfk_1`
