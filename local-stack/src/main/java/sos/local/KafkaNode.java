package sos.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run with Kafka's own server
 * code. Formats its storage on the first start and keeps it afterwards, so topics and records survive restarts.
 *
 * <p>Usage: {@code kafka-node <data dir> <port> <controller port>}
 */
final class KafkaNode {

    private KafkaNode() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path logDir = dir.resolve("data");
        Files.createDirectories(logDir);
        Path config = dir.resolve("server.properties");
        writeConfig(config, logDir, port, controllerPort);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
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

    static void writeConfig(Path file, Path logDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // topics are created by their writers (NewTopic beans), never by a typo in a consumer
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "6");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by the SOS local stack on every start");
        }
    }
}
