DROP TABLE IF EXISTS dsmigrate_checkpoint;
