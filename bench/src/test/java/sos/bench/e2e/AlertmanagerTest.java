package sos.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import sos.contracts.EventJson;
import tools.jackson.databind.JsonNode;

class AlertmanagerTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldNotifyEveryAlertAtOnceInAGroupOfItsOwnToTheReceiverOnly() {
        Map<String, Object> config = new Yaml().load(Alertmanager.config("http://127.0.0.1:4242/alertmanager"));

        Map<String, Object> route = (Map<String, Object>) config.get("route");
        assertThat(route)
                .containsEntry("receiver", "bench")
                .containsEntry("group_by", List.of(Alertmanager.LABEL))
                .containsEntry("group_wait", "0s")
                .containsEntry("group_interval", "1h")
                .containsEntry("repeat_interval", "24h");
        List<Map<String, Object>> receivers = (List<Map<String, Object>>) config.get("receivers");
        assertThat(receivers).hasSize(1);
        assertThat(receivers.get(0)).containsEntry("name", "bench");
        List<Map<String, Object>> hooks =
                (List<Map<String, Object>>) receivers.get(0).get("webhook_configs");
        assertThat(hooks).containsExactly(Map.of("url", "http://127.0.0.1:4242/alertmanager", "send_resolved", false));
    }

    @Test
    void shouldSkipThePeerWithTheWayToInstallItWhenTheBinaryIsMissing(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Alertmanager peer = Alertmanager.startIfInstalled(
                dir.resolve("no-such-alertmanager"),
                dir,
                "http://127.0.0.1:1/alertmanager",
                HttpClient.newHttpClient(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(peer).isNull();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("SKIPPED").contains("ops/install-bench-tools");
    }

    @Test
    void shouldPostOneAlertCarryingItsKeyAsTheGroupingLabel() {
        JsonNode alerts = EventJson.mapper().readTree(Alertmanager.alert("k-1"));

        assertThat(alerts.size()).isEqualTo(1);
        assertThat(alerts.get(0).path("labels").path(Alertmanager.LABEL).asString())
                .isEqualTo("k-1");
        assertThat(alerts.get(0).path("labels").path("alertname").asString()).isEqualTo("SOS");
    }
}
