package sos.notification.domain.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AckCodesTest {

    private static final UUID DELIVERY = UUID.fromString("2d7ebf5a-d830-3fda-ab05-327f19128d99");
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldGiveEachDeliveryAStableFourDigitCode() {
        assertThat(AckCodes.code(DELIVERY)).matches("\\d{4}").isEqualTo(AckCodes.code(DELIVERY));
        assertThat(AckCodes.code(new UUID(0, 7))).isEqualTo("0007");
        assertThat(AckCodes.code(new UUID(0, 10_000 + 4821))).isEqualTo("4821");
        assertThat(AckCodes.code(new UUID(0, -1))).matches("\\d{4}");
    }

    @Test
    void shouldReadTheCodeOfAnSmsReplyInTheWaysPeopleWriteIt() {
        assertThat(AckCodes.codeInReply("ACK 4821")).isEqualTo("4821");
        assertThat(AckCodes.codeInReply("  ack 4821 on our way")).isEqualTo("4821");
        assertThat(AckCodes.codeInReply("Ack#4821")).isEqualTo("4821");
        assertThat(AckCodes.codeInReply("ACK 48210")).isNull();
        assertThat(AckCodes.codeInReply("OK 4821")).isNull();
        assertThat(AckCodes.codeInReply(null)).isNull();
    }

    @Test
    void shouldAcceptOnlyTheLinkTokenOfThatDeliveryAndSecret() {
        String token = AckCodes.linkToken(SECRET, DELIVERY);

        assertThat(AckCodes.linkTokenMatches(SECRET, DELIVERY, token)).isTrue();
        assertThat(AckCodes.linkTokenMatches(SECRET, UUID.randomUUID(), token)).isFalse();
        assertThat(AckCodes.linkTokenMatches("other".getBytes(StandardCharsets.UTF_8), DELIVERY, token))
                .isFalse();
        assertThat(AckCodes.linkTokenMatches(SECRET, DELIVERY, null)).isFalse();
        assertThat(AckCodes.linkToken(SECRET, DELIVERY))
                .as("the same after a token of another secret")
                .isEqualTo(token);
    }
}
