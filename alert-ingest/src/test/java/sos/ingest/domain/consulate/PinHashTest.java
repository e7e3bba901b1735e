package sos.ingest.domain.consulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PinHashTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void shouldMatchOnlyTheHashedPin() {
        PinHash hash = PinHash.of("4711", 2_000, random);

        assertThat(hash.matches("4711")).isTrue();
        assertThat(hash.matches("4712")).isFalse();
        assertThat(hash.matches("47110")).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.matches(null)).isFalse();
    }

    @Test
    void shouldSaltEveryHashSoTheSamePinNeverHashesTheSame() {
        assertThat(PinHash.of("4711", 2_000, random).encoded())
                .isNotEqualTo(PinHash.of("4711", 2_000, random).encoded());
    }

    @Test
    void shouldReadBackItsOwnEncoding() {
        PinHash hash = PinHash.of("123456", 2_000, random);

        PinHash parsed = PinHash.parse(hash.encoded());

        assertThat(parsed.matches("123456")).isTrue();
        assertThat(parsed.matches("654321")).isFalse();
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256$2000$").doesNotContain("123456");
    }

    @Test
    void shouldRefusePinsThatAreNotFourToTwelveDigitsAndMalformedHashes() {
        assertThatThrownBy(() -> PinHash.of("123", 2_000, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinHash.of("12a4", 2_000, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinHash.of("1234", 10, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinHash.parse("md5$1$x$y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinHash.parse("pbkdf2-sha256$x$y$z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldShowNothingSecretInToString() {
        PinHash hash = PinHash.of("4711", 2_000, random);

        assertThat(hash.toString()).doesNotContain("4711").doesNotContain(hash.encoded());
    }
}
