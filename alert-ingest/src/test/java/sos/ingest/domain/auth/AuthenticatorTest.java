package sos.ingest.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sos.contracts.RequestSignature;
import sos.ingest.domain.Fixtures;
import sos.ingest.domain.ProblemType;

class AuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:14:07Z");
    private static final byte[] BODY = "{\"type\":\"FIRE\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = Fixtures.SECRET.getBytes(StandardCharsets.UTF_8);

    private final Authenticator authenticator = new Authenticator(Fixtures.registry(), Duration.ofSeconds(300));

    @Test
    void shouldAuthenticateARequestSignedWithAnEnabledKey() {
        Authentication result = authenticator.authenticate("de-1", RequestSignature.sign(SECRET, NOW, BODY), BODY, NOW);

        assertThat(result).isInstanceOfSatisfying(Authentication.Authenticated.class, who -> {
            assertThat(who.consulate().id()).isEqualTo("consulate-de");
            assertThat(who.keyId()).isEqualTo("de-1");
        });
    }

    @Test
    void shouldAcceptASignatureWithinTheToleranceEitherWay() {
        Instant early = NOW.minusSeconds(300);
        Instant late = NOW.plusSeconds(300);
        assertThat(authenticator.authenticate("de-1", RequestSignature.sign(SECRET, early, BODY), BODY, NOW))
                .isInstanceOf(Authentication.Authenticated.class);
        assertThat(authenticator.authenticate("de-1", RequestSignature.sign(SECRET, late, BODY), BODY, NOW))
                .isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void shouldAskForCredentialsWhenAHeaderIsMissing() {
        String signature = RequestSignature.sign(SECRET, NOW, BODY);
        assertThat(denial(authenticator.authenticate(null, signature, BODY, NOW)))
                .isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
        assertThat(denial(authenticator.authenticate("de-1", null, BODY, NOW)))
                .isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
        assertThat(denial(authenticator.authenticate(" ", "  ", BODY, NOW)))
                .isEqualTo(ProblemType.AUTHENTICATION_REQUIRED);
    }

    @Test
    void shouldRefuseAStaleSignatureFromThePastOrTheFuture() {
        assertThat(denial(authenticator.authenticate(
                        "de-1", RequestSignature.sign(SECRET, NOW.minusSeconds(301), BODY), BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_STALE);
        assertThat(denial(authenticator.authenticate(
                        "de-1", RequestSignature.sign(SECRET, NOW.plusSeconds(301), BODY), BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_STALE);
    }

    @Test
    void shouldRefuseASignatureOverAnotherBody() {
        String signature = RequestSignature.sign(SECRET, NOW, "{\"type\":\"OTHER\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(denial(authenticator.authenticate("de-1", signature, BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherConsulatesSecret() {
        String signature = RequestSignature.sign("another-secret".getBytes(StandardCharsets.UTF_8), NOW, BODY);

        assertThat(denial(authenticator.authenticate("de-1", signature, BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void shouldAnswerAnUnknownKeyExactlyLikeABadSignature() {
        String signature = RequestSignature.sign(SECRET, NOW, BODY);
        Authentication unknown = authenticator.authenticate("xx-1", signature, BODY, NOW);
        Authentication bad = authenticator.authenticate(
                "de-1", RequestSignature.sign("wrong".getBytes(StandardCharsets.UTF_8), NOW, BODY), BODY, NOW);

        assertThat(unknown).isEqualTo(bad);
        assertThat(denial(unknown)).isEqualTo(ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseADisabledKey() {
        String signature = RequestSignature.sign(SECRET, NOW, BODY);

        assertThat(denial(authenticator.authenticate("de-retired", signature, BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseAMalformedSignatureHeader() {
        assertThat(denial(authenticator.authenticate("de-1", "sha256=abc", BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_INVALID);
        assertThat(denial(authenticator.authenticate("de-1", "t=now,v1=zz", BODY, NOW)))
                .isEqualTo(ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void shouldNeverEchoTheSecretInADenial() {
        Authentication result = authenticator.authenticate(
                "de-1", RequestSignature.sign("wrong".getBytes(StandardCharsets.UTF_8), NOW, BODY), BODY, NOW);

        assertThat(((Authentication.Denied) result).detail()).doesNotContain(Fixtures.SECRET);
    }

    private static ProblemType denial(Authentication authentication) {
        assertThat(authentication).isInstanceOf(Authentication.Denied.class);
        return ((Authentication.Denied) authentication).problem();
    }
}
