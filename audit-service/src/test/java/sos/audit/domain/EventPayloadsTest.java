package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.EventJson;
import sos.contracts.NotificationSent;

class EventPayloadsTest {

    private static final NotificationSent SENT = new NotificationSent(
            UUID.fromString("c4d5e6f7-0819-4a2b-8c3d-4e5f60718293"),
            Instant.parse("2026-11-25T09:14:07.198Z"),
            UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d"),
            UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"),
            "AlertRaised",
            "police-control-room",
            "webhook",
            1,
            204);

    /** The same event as PostgreSQL's jsonb gives it back: keys by length, then bytes. */
    private static final String AS_JSONB =
            "{\"alertId\": \"0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d\", \"channel\": \"webhook\","
                    + " \"eventId\": \"c4d5e6f7-0819-4a2b-8c3d-4e5f60718293\", \"attempts\": 1, \"eventType\": \"NotificationSent\","
                    + " \"occurredAt\": \"2026-11-25T09:14:07.198Z\", \"statusCode\": 204, \"recipientId\": \"police-control-room\","
                    + " \"subjectEventId\": \"1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed\", \"subjectEventType\": \"AlertRaised\"}";

    @Test
    void shouldShowAStoredEventInTheWireFormatsFieldOrder() {
        assertThat(EventPayloads.canonical(AS_JSONB)).isEqualTo(EventJson.toJson(SENT));
    }

    @Test
    void shouldShowAPayloadWithFieldsThisVersionDoesNotKnowAsStored() {
        String newer = AS_JSONB.replace("\"channel\"", "\"priority\": \"high\", \"channel\"");

        assertThat(EventPayloads.canonical(newer)).isEqualTo(newer);
    }

    @Test
    void shouldShowAPayloadOfAnUnknownEventTypeAsStored() {
        String unknown = "{\"eventType\": \"UnitArrived\", \"eventId\": \"c4d5e6f7-0819-4a2b-8c3d-4e5f60718293\"}";

        assertThat(EventPayloads.canonical(unknown)).isEqualTo(unknown);
    }
}
