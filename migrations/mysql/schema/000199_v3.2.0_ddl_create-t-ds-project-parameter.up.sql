-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
CREATE TABLE IF NOT EXISTS `t_ds_project_parameter` (
    `id` int(11) NOT NULL AUTO_INCREMENT COMMENT 'key',
    `param_name` varchar(255) NOT NULL COMMENT 'project parameter name',
    `param_value` varchar(255) NOT NULL COMMENT 'project parameter value',
    `code` bigint(20) NOT NULL COMMENT 'encoding',
    `project_code` bigint(20) NOT NULL COMMENT 'project code',
    `user_id` int(11) DEFAULT NULL COMMENT 'creator id',
    `create_time` datetime NOT NULL COMMENT 'create time',
    `update_time` datetime DEFAULT NULL COMMENT 'update time',
    PRIMARY KEY (`id`),
    UNIQUE KEY `unique_project_parameter_name`(`project_code`, `param_name`),
    UNIQUE KEY `unique_project_parameter_code`(`code`)
) ENGINE=InnoDB AUTO_INCREMENT=1 DEFAULT CHARSET=utf8 COLLATE = utf8_bin
