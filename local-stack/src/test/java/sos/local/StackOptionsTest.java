package sos.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void shouldKeepOneInstanceOnTheDocumentedPortsByDefault() {
        Assumptions.assumeTrue(System.getenv("SOS_INSTANCES") == null, "SOS_INSTANCES is set in this environment");
        StackOptions options = StackOptions.parse(new String[0]);

        assertThat(options.instances()).isEqualTo(1);
        assertThat(options.servicePorts())
                .containsEntry("alert-ingest", List.of(8081))
                .containsEntry("dispatch-service", List.of(8082))
                .containsEntry("notification-service", List.of(8083))
                .containsEntry("audit-service", List.of(8084));
        assertThat(StackOptions.instanceName("alert-ingest", 1)).isEqualTo("alert-ingest");
    }

    @Test
    void shouldPutTheSecondInstanceOfEveryServiceAHundredPortsAboveTheFirst() {
        StackOptions options = StackOptions.parse(new String[] {"--instances", "2"});

        assertThat(options.instances()).isEqualTo(2);
        assertThat(options.servicePorts())
                .containsEntry("alert-ingest", List.of(8081, 8181))
                .containsEntry("dispatch-service", List.of(8082, 8182))
                .containsEntry("notification-service", List.of(8083, 8183))
                .containsEntry("audit-service", List.of(8084, 8184));
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(StackOptions.instanceName("audit-service", 2)).isEqualTo("audit-service-2");
    }

    @Test
    void shouldGiveEveryInstanceItsOwnFreePortWithRandomPorts() {
        StackOptions options = StackOptions.parse(new String[] {"--random-ports", "--instances", "3"});

        Set<Integer> ports = new HashSet<>();
        options.servicePorts().values().forEach(ports::addAll);
        assertThat(ports).hasSize(4 * 3);
    }

    @Test
    void shouldRunOneKafkaNodeByDefaultAndSeveralWithBrokers() {
        assertThat(StackOptions.parse(new String[0]).brokers()).isEqualTo(1);

        StackOptions cluster = StackOptions.parse(new String[] {"--brokers", "3"});
        assertThat(cluster.brokers()).isEqualTo(3);
        assertThat(cluster.kafkaPorts()).containsExactly(9092, 9192, 9292);
        assertThat(cluster.controllerPorts()).containsExactly(9093, 9193, 9293);
        assertThat(cluster.kafkaPort()).isEqualTo(9092);

        StackOptions random = StackOptions.parse(new String[] {"--random-ports", "--brokers", "3"});
        Set<Integer> ports = new HashSet<>(random.kafkaPorts());
        ports.addAll(random.controllerPorts());
        assertThat(ports).hasSize(6);
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--brokers", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void shouldRefuseFewerThanOneInstance() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--instances", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
