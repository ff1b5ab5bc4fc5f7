-- DolphinScheduler 3.1.1 dml step (MariaDB guards: safe to run twice).
UPDATE QRTZ_JOB_DETAILS SET job_class_name = 'org.apache.dolphinscheduler.scheduler.quartz.ProcessScheduleTask' WHERE job_class_name = 'org.apache.dolphinscheduler.service.quartz.ProcessScheduleJob'
