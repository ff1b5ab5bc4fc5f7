DROP TABLE IF EXISTS dsmigrate_refused;
