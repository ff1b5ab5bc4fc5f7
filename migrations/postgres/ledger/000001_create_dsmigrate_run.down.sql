DROP TABLE IF EXISTS dsmigrate_run;
