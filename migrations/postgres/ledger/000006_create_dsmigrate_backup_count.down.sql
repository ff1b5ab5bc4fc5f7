DROP TABLE IF EXISTS dsmigrate_backup_count;
