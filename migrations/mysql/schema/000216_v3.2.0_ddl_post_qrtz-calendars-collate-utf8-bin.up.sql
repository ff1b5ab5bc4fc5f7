-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `QRTZ_CALENDARS`
  COLLATE utf8_bin,
  MODIFY COLUMN IF EXISTS `SCHED_NAME` varchar(120) NOT NULL,
  MODIFY COLUMN IF EXISTS `CALENDAR_NAME` varchar(200) NOT NULL
