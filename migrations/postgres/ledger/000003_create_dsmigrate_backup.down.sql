DROP TABLE IF EXISTS dsmigrate_backup;
