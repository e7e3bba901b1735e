package sos.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JoinTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldMeasureEachAlertFromItsScheduledSendToItsFirstNotification() {
        List<Join.Send> sends = List.of(
                new Join.Send(1_000 * MS, 1_004 * MS, "a"),
                new Join.Send(1_010 * MS, 1_012 * MS, "b"),
                // the webhook came before the 202 was parsed: joined all the same
                new Join.Send(1_020 * MS, 1_050 * MS, "c"));
        Map<String, Long> receipts = Map.of("a", 1_009 * MS, "b", 1_030 * MS, "c", 1_040 * MS);

        Join.Result result = Join.of(sends, receipts);

        assertThat(result.sent()).isEqualTo(3);
        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.notified()).isEqualTo(3);
        assertThat(result.endToEnd().getTotalCount()).isEqualTo(3);
        assertThat(result.endToEnd().getMinValue()).isBetween(9 * MS - MS / 10, 9 * MS + MS / 10);
        assertThat(result.endToEnd().getMaxValue()).isBetween(20 * MS - MS / 10, 20 * MS + MS / 10);
        assertThat(result.post().getMaxValue()).isBetween(30 * MS - MS / 10, 30 * MS + MS / 10);
        assertThat(result.meets(20 * MS + MS / 10)).isTrue();
        assertThat(result.meets(19 * MS)).isFalse();
    }

    @Test
    void shouldCountRefusedUnansweredAndUnnotifiedAlertsApartAndNeverLetThemMeetTheTarget() {
        List<Join.Send> sends = List.of(
                new Join.Send(0, 2 * MS, "notified"),
                new Join.Send(0, 3 * MS, "silent"),
                new Join.Send(0, 4 * MS, null), // answered, but not accepted (a 401, a repeat press)
                Join.Send.unanswered(0));
        Map<String, Long> receipts = Map.of("notified", 5 * MS, "someone-else", 1 * MS);

        Join.Result result = Join.of(sends, receipts);

        assertThat(result.sent()).isEqualTo(4);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.failed()).isEqualTo(2);
        assertThat(result.notNotified()).isEqualTo(1);
        assertThat(result.post().getTotalCount()).isEqualTo(3);
        assertThat(result.endToEnd().getTotalCount()).isEqualTo(1);
        assertThat(result.meets(TimeUnit.SECONDS.toNanos(1))).isFalse();
        assertThat(Join.of(List.of(sends.get(0)), receipts).meets(TimeUnit.SECONDS.toNanos(1)))
                .isTrue();
    }

    @Test
    void shouldFindTheKeyInAWebhookBody() {
        String webhook = "{\"deliveryId\":\"d\",\"recipientId\":\"police-control-room\",\"event\":{\"eventType\":"
                + "\"AlertRaised\",\"alertId\":\"5b0f6a5e-1c1f-4c7e-9a55-0d4b8f6c2a11\",\"x\":1}}";

        assertThat(Receiver.after(webhook, "\"alertId\":\"")).isEqualTo("5b0f6a5e-1c1f-4c7e-9a55-0d4b8f6c2a11");
        assertThat(Receiver.after(webhook, "\"benchid\":\"")).isNull();
        assertThat(Receiver.after("{\"alertId\":\"cut", "\"alertId\":\"")).isNull();
    }
}
