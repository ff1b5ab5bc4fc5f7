DROP TABLE IF EXISTS dsmigrate_written;
