package sos.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One Apache Kafka node in KRaft mode (broker and controller in one process), run with Kafka's own server code. Formats
 * its storage on the first start and keeps it afterwards, so topics and records survive restarts.
 *
 * <p>Usage: {@code kafka-node <data dir> <port> <controller port>} for the single node of the default stack, or
 * {@code kafka-node <data dir> <port> <controller port> <node id> <voters> <cluster id>} for one node of a cluster,
 * where {@code voters} is Kafka's {@code controller.quorum.voters} ({@code 1@127.0.0.1:9093,2@127.0.0.1:9193,...}):
 * every node is a voter, and every node of the cluster is formatted with the same cluster id.
 */
final class KafkaNode {

    private KafkaNode() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        int nodeId = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String voters = args.length > 4 ? args[4] : "1@127.0.0.1:" + controllerPort;
        String clusterId = args.length > 5
                ? args[5]
                : org.apache.kafka.common.Uuid.randomUuid().toString();
        Path logDir = dir.resolve("data");
        Files.createDirectories(logDir);
        Path config = dir.resolve("server.properties");
        writeConfig(config, logDir, port, controllerPort, nodeId, voters);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int exit = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString()}, System.out);
            if (exit != 0) {
                System.err.println("formatting Kafka storage failed with exit code " + exit);
                System.exit(exit);
            }
        }
        ParentWatch.exitWhenParentDies();
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /**
     * The node's configuration. With one voter it is the single node of the default stack (replication factor 1
     * everywhere); with N voters every topic, the internal ones included, has N replicas and a write needs 2 of them
     * in sync (acks=all), and a replica that fell behind never becomes leader (no unclean leader election).
     */
    static void writeConfig(Path file, Path logDir, int port, int controllerPort, int nodeId, String voters)
            throws IOException {
        int nodes = voters.split(",").length;
        String replicas = String.valueOf(nodes);
        String minInSync = nodes > 1 ? "2" : "1";
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // topics are created by their writers (NewTopic beans), never by a typo in a consumer
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "6");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minInSync);
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInSync);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by the SOS local stack on every start");
        }
    }
}
