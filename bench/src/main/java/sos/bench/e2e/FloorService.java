package sos.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import sos.bench.AlertPathKafka;

/**
 * The Kafka floor, as its own process: the hops of the pipeline's first notification done with plain clients and
 * nothing else. {@code POST /alerts} (key in header {@code Bench-Key}) is produced to a topic of 6 partitions (acks=all,
 * idempotent, linger.ms=0) and answered 202 once the broker acknowledged it (alert-ingest's 202); one consumer of a
 * group reads the topic (notification-service's listener) and POSTs each record to the receiver (its webhook). No
 * validation, signature, JSON, routing, ledger or outcome events.
 *
 * <p>{@code java -cp <bench classpath> sos.bench.e2e.FloorService <bootstrap> <port> <receiver base URL>}; prints
 * {@code ready} once its consumer has its partitions, and exits when its parent does.
 */
public final class FloorService {

    static final String TOPIC = "bench.e2e.floor";
    static final String KEY_HEADER = "Bench-Key";

    private FloorService() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int port = Integer.parseInt(args[1]);
        String receiver = args[2];
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        AlertPathKafka.createTopic(bootstrap, TOPIC);
        KafkaProducer<String, byte[]> producer = AlertPathKafka.producer(bootstrap);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Receiver.keepConnections();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1000);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/alerts", exchange -> produce(producer, exchange));
        Thread consumer = new Thread(() -> forward(bootstrap, receiver), "floor-consumer");
        consumer.start();
        server.start();
    }

    private static void produce(KafkaProducer<String, byte[]> producer, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
        producer.send(new ProducerRecord<>(TOPIC, key, body), (metadata, failure) -> {
            try (exchange) {
                byte[] answer = ("{\"alertId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(failure == null ? 202 : 503, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException e) {
                // the client gave up
            }
        });
    }

    private static void forward(String bootstrap, String receiver) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4))
                .build();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-e2e-floor-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println("ready");
                    System.out.flush();
                }
            });
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    http.sendAsync(
                            HttpRequest.newBuilder(URI.create(receiver + "/" + record.key()))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(record.value()))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
