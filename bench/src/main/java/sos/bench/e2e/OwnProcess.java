package sos.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sos.bench.ProcessCpu;
import sos.local.Rss;

/** A system that runs as a process the bench started: its cost is that process's (and any it relies on). */
abstract class OwnProcess implements Target {

    private final Process process;
    private final List<Long> pids = new ArrayList<>();

    /** @param reliedOn processes whose cost counts too (the floor's broker) */
    OwnProcess(Process process, long... reliedOn) {
        this.process = process;
        pids.add(process.pid());
        for (long pid : reliedOn) {
            pids.add(pid);
        }
    }

    @Override
    public long cpuMillis() {
        return pids.stream().mapToLong(ProcessCpu::millis).sum();
    }

    @Override
    public long rssKib() {
        return pids.stream().mapToLong(Rss::of).sum();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
