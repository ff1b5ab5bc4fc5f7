-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_udfs
  CONVERT TO CHARACTER SET utf8 COLLATE utf8_bin
