-- MariaDB workaround for DolphinScheduler 3.2.0 (see schemapath/README-section.md).
ALTER TABLE `QRTZ_TRIGGERS` DROP FOREIGN KEY IF EXISTS `QRTZ_TRIGGERS_ibfk_1`
