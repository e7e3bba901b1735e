package sos.bench;

import java.util.Arrays;

/**
 * The bench module's entry point: {@code ./run-bench jmh [JMH options]} runs the JMH benchmarks in this module (all
 * classes under {@code sos.bench}); other commands are load generators against a running or self-started stack. Each
 * prints medians and percentiles, and a ratio against a baseline measured in the same run.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "ingest-load" -> sos.bench.ingest.IngestLoad.main(rest); // [--rates 200,1000] [--seconds 20]
            case "dispatch-positions" -> sos.bench.dispatch.PositionLoad.main(rest); // [--rate 2000] [--batch 100]
            case "notification-load" ->
                sos.bench.notification.NotificationLoad.main(rest); // [--alerts 1000] [--rate 200]
            case "audit-store" -> sos.bench.audit.AuditStoreBench.main(rest); // [--chained 200000] [--rows 10000000]
            case "cluster" -> sos.bench.cluster.ClusterFailover.main(rest); // [--rate 50] [--kills 5] [--brokers 3]
            case "chaos" -> sos.bench.chaos.ChaosRun.main(rest); // [--alerts 10000] [--rate 30]
            case "e2e" -> sos.bench.e2e.EndToEndBench.main(rest); // [--rates 200,1000] [--quick]
            default -> {
                System.out.println("""
                        usage: ./run-bench <command> [options]
                          jmh [JMH options]   run JMH benchmarks, e.g. ./run-bench jmh -f 1 -wi 3 -i 5 'Selection'
                          ingest-load         [--rates 200,1000] [--seconds 20] [--warmup-seconds 20] [--keep-services]
                                              signed POST /api/v1/alerts, open loop, vs a bare producer and an HTTP floor
                          dispatch-positions  [--rate 2000] [--seconds 20] [--warmup-seconds 5] [--batch 100]
                                              [--baseline unit|liveness|none]
                                              unit position reports over the unit API, or with --batch N through
                                              the AVL gateway endpoint N a request; consumer and end-to-end lag
                          notification-load   [--alerts 1000] [--rate 200] [--warmup-alerts 400]
                                              alert event -> webhook at a local receiver, 5 recipients, vs plain POSTs
                          audit-store         [--chained 200000] [--rows 10000000] [--queries 2000] [--batch 500] [--data-dir DIR]
                                              chained inserts vs plain inserts, then filter and timeline latencies
                          cluster             [--rate 50] [--kills 5] [--brokers 3] [--down-seconds 5] [--retry-for 120]
                                              3 KRaft nodes (RF 3, min ISR 2): kill -9 the sos.alerts leader under load,
                                              then prove every 202 is on the topic and in the audit trail exactly once
                          chaos               [--alerts 10000] [--rate 30] [--give-up-after 180] [--quiet-timeout 300]
                                              [--no-faults] [--keep-data]
                                              signed alerts with client retries while each service is killed -9 and
                                              the broker restarted; proves lost = 0 and duplicated = 0
                          e2e                 [--rates 200,1000] [--seconds 20] [--warmup-seconds 20] [--search on|off]
                                              [--max-trials 6] [--limit-ms 100] [--positions 200] [--position-batch 20]
                                              [--drain-seconds 20] [--out bench/target/e2e] [--quick]
                                              signed alerts (and unit positions) -> first webhook, whole stack, open
                                              loop, vs the Kafka floor and Alertmanager (ops/install-bench-tools)
                        """);
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
    }
}
