-- DolphinScheduler 3.2.0 dml step (MariaDB guards: safe to run twice).
INSERT IGNORE INTO `t_ds_relation_rule_input_entry`
(`id`, `rule_id`, `rule_input_entry_id`, `values_map`, `index`, `create_time`, `update_time`)
VALUES
(151, 1, 30, NULL, 2, current_timestamp, current_timestamp),
(152, 2, 30, NULL, 2, current_timestamp, current_timestamp),
(153, 3, 30, NULL, 2, current_timestamp, current_timestamp),
(154, 4, 30, NULL, 2, current_timestamp, current_timestamp),
(155, 5, 30, NULL, 2, current_timestamp, current_timestamp),
(156, 6, 30, NULL, 2, current_timestamp, current_timestamp),
(157, 7, 30, NULL, 2, current_timestamp, current_timestamp),
(158, 8, 30, NULL, 2, current_timestamp, current_timestamp),
(159, 9, 30, NULL, 2, current_timestamp, current_timestamp),
(160, 10, 30, NULL, 2, current_timestamp, current_timestamp),
(161, 3, 31, NULL, 6, current_timestamp, current_timestamp),
(162, 4, 31, NULL, 7, current_timestamp, current_timestamp)
