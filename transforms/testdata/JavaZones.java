// JavaZones answers zone questions with the JVM's own java.time rules, for
// transforms' zone tests (run in source-file mode: java JavaZones.java ...).
//
//	java JavaZones.java list          every ZoneId.getAvailableZoneIds(), sorted, one a line
//	java JavaZones.java check < ids   "ok" or "err" per input line: does ZoneId.of(line) accept it?
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.TreeSet;

public class JavaZones {
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("list")) {
            for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
                System.out.println(id);
            }
            return;
        }
        if (args.length == 1 && args[0].equals("check")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                try {
                    ZoneId.of(line);
                    out.append("ok\n");
                } catch (Exception e) {
                    out.append("err\n");
                }
            }
            System.out.print(out);
            return;
        }
        System.err.println("usage: java JavaZones.java list|check");
        System.exit(2);
    }
}
