package sos.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"type\":\"ARMED_ATTACK\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final Duration WINDOW = RequestSignature.DEFAULT_TOLERANCE;

    @Test
    void shouldMatchAnHmacComputedIndependently() {
        // printf '1795597200.{"type":"ARMED_ATTACK"}' | openssl dgst -sha256 -hmac s3cret-for-tests
        assertThat(RequestSignature.sign(SECRET, NOW, BODY))
                .isEqualTo("t=1795597200,v1=" + "570a2652274c4eb3f1975e93942e65baa525b4294c01a2d19585f14e9c8fb09c");
    }

    @Test
    void shouldAcceptItsOwnSignatureInsideTheWindowInBothDirections() {
        String header = RequestSignature.sign(SECRET, NOW, BODY);
        assertThat(RequestSignature.verify(header, SECRET, BODY, NOW.plusSeconds(300), WINDOW))
                .isEqualTo(RequestSignature.Verdict.VALID);
        assertThat(RequestSignature.verify(header, SECRET, BODY, NOW.minusSeconds(300), WINDOW))
                .isEqualTo(RequestSignature.Verdict.VALID);
    }

    @Test
    void shouldRefuseAStaleOrFutureTimestamp() {
        String header = RequestSignature.sign(SECRET, NOW, BODY);
        assertThat(RequestSignature.verify(header, SECRET, BODY, NOW.plusSeconds(301), WINDOW))
                .isEqualTo(RequestSignature.Verdict.STALE);
        assertThat(RequestSignature.verify(header, SECRET, BODY, NOW.minusSeconds(301), WINDOW))
                .isEqualTo(RequestSignature.Verdict.STALE);
    }

    @Test
    void shouldRefuseATamperedBodyOrAnotherSecret() {
        String header = RequestSignature.sign(SECRET, NOW, BODY);
        byte[] tampered = "{\"type\":\"OTHER\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestSignature.verify(header, SECRET, tampered, NOW, WINDOW))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
        assertThat(RequestSignature.verify(header, "other".getBytes(StandardCharsets.UTF_8), BODY, NOW, WINDOW))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseMalformedHeaders() {
        for (String header : new String[] {"garbage", "t=abc,v1=00", "t=1795597200", "v1=00", "t=1795597200,v1=zz"}) {
            assertThat(RequestSignature.verify(header, SECRET, BODY, NOW, WINDOW))
                    .as(header)
                    .isEqualTo(RequestSignature.Verdict.MALFORMED);
        }
        assertThat(RequestSignature.verify(null, SECRET, BODY, NOW, WINDOW))
                .isEqualTo(RequestSignature.Verdict.MISSING);
    }
}
