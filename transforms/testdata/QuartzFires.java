// QuartzFires lists cron fire dates with the real org.quartz.CronExpression, the
// way DS 2.0.9 CronUtils.getSelfFireDateList does (next valid time after
// start - 1 s, stop at >= end + 1 s), evaluated in a time zone as 2.0.9's
// master JVM did (UTC when not given). For transforms' cron cross-check
// (run: java -cp quartz2.jar QuartzFires.java < cases).
//
// Input lines: cron TAB start TAB end (yyyy-MM-dd HH:mm:ss in the zone) [TAB zone id].
// Output lines: the dates joined by ",", or "ERR" when Quartz rejects the cron.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;

public class QuartzFires {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            String[] p = line.split("\t");
            TimeZone zone = TimeZone.getTimeZone(p.length > 3 ? p[3] : "UTC");
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");
            f.setTimeZone(zone);
            CronExpression c;
            try {
                c = new CronExpression(p[0]);
            } catch (Exception e) {
                out.append("ERR\n");
                continue;
            }
            c.setTimeZone(zone);
            Date start = new Date(f.parse(p[1]).getTime() - 1000);
            Date end = new Date(f.parse(p[2]).getTime() + 1000);
            StringBuilder dates = new StringBuilder();
            for (Date t = c.getNextValidTimeAfter(start); t != null && t.before(end); t = c.getNextValidTimeAfter(t)) {
                if (dates.length() > 0) {
                    dates.append(',');
                }
                dates.append(f.format(t));
            }
            out.append(dates).append('\n');
        }
        System.out.print(out);
    }
}
