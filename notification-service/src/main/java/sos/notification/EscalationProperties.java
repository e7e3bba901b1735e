package sos.notification;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sos.notification.escalation.*}: how critical recipients are chased.
 *
 * @param deadline how long a control room has to acknowledge before the chain's next step runs
 * @param chain recipient ids, comma-separated, each at most once; {@code REPEAT} sends the message to the control room
 *     again; empty for no escalation
 * @param checkEvery how often due steps are looked for
 */
@Validated
@ConfigurationProperties("sos.notification.escalation")
record EscalationProperties(
        @NotNull Duration deadline, String chain, @NotNull Duration checkEvery) {

    List<String> steps() {
        return chain == null || chain.isBlank()
                ? List.of()
                : Arrays.stream(chain.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
