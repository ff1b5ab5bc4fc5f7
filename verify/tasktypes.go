package verify

// KnownTaskTypes are the task types a DS 3.3 master can run: the names its
// TaskPluginManager registers (a case-sensitive HashMap filled from every
// TaskChannelFactory.getName() on the classpath; anything else throws
// "Cannot find TaskChannel for : <type>"). Read from apache/dolphinscheduler
// dev@7e0095dca198 (the commit the reference describes): the 33 plugin
// modules of dolphinscheduler-task-all, plus the five logic tasks the master
// registers from dolphinscheduler-task-api (CONDITIONS, DEPENDENT, DYNAMIC,
// SUB_WORKFLOW, SWITCH). Left out: LogicFakeTask (@VisibleForTesting),
// SUB_PROCESS (renamed SUB_WORKFLOW by 3.3.0), and 2.0.x types without a 3.x
// plugin (PIGEON, WATERDROP) or removed since (BLOCKING).
var KnownTaskTypes = []string{
	"ALIYUN_SERVERLESS_SPARK", "CHUNJUN", "CONDITIONS", "DATAX", "DATA_FACTORY", "DATA_QUALITY",
	"DATASYNC", "DEPENDENT", "DINKY", "DMS", "DVC", "DYNAMIC", "EMR", "FLINK", "FLINK_STREAM",
	"HIVECLI", "HTTP", "JAVA", "JUPYTER", "K8S", "KUBEFLOW", "LINKIS", "MLFLOW", "MR", "OPENMLDB",
	"PROCEDURE", "PYTHON", "PYTORCH", "REMOTESHELL", "SAGEMAKER", "SEATUNNEL", "SHELL", "SPARK",
	"SQL", "SQOOP", "SUB_WORKFLOW", "SWITCH", "ZEPPELIN",
}

var knownTaskTypes = func() map[string]bool {
	m := make(map[string]bool, len(KnownTaskTypes))
	for _, t := range KnownTaskTypes {
		m[t] = true
	}
	return m
}()

// knownTaskType reports whether a 3.3 master has a plugin for the type.
// renamedByDS: the row is a task definition on a pre-3.3 shape, whose
// SUB_PROCESS DS's own 3.3.0 script renames to SUB_WORKFLOW (it does not
// touch task instances).
func knownTaskType(t string, renamedByDS bool) bool {
	return knownTaskTypes[t] || renamedByDS && t == "SUB_PROCESS"
}
