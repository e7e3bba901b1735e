package sos.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process, for the load generators' CPU per operation: robust where latency is not on a busy machine. */
public final class ProcessCpu {

    private ProcessCpu() {}

    /** User + system CPU time of a process so far, in milliseconds (Linux /proc; 0 elsewhere). */
    public static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from "state": utime is field 14 of the line, i.e. index 11 here; stime follows
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
