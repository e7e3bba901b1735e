package sos.ingest.domain.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PanelUsersTest {

    private static final int ITERATIONS = PasswordHash.MIN_ITERATIONS;
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    private final PanelUsers users = new PanelUsers(
            List.of(new PanelUser(
                    "de-duty-officer",
                    "consulate-de",
                    "Duty officer",
                    PasswordHash.of("correct horse battery", ITERATIONS, new SecureRandom()))),
            3,
            Duration.ofMinutes(15),
            ITERATIONS);

    @Test
    void shouldSignInWithTheRightPasswordWhateverTheCaseOfTheUsername() {
        assertThat(users.signIn("DE-Duty-Officer", "correct horse battery", NOW))
                .isInstanceOfSatisfying(
                        PanelUsers.SignIn.SignedIn.class,
                        s -> assertThat(s.user().consulateId()).isEqualTo("consulate-de"));
    }

    @Test
    void shouldRefuseAWrongPasswordAndAnUnknownUserTheSameWay() {
        assertThat(users.signIn("de-duty-officer", "wrong password", NOW)).isEqualTo(new PanelUsers.SignIn.Refused());
        assertThat(users.signIn("nobody", "correct horse battery", NOW)).isEqualTo(new PanelUsers.SignIn.Refused());
        assertThat(users.signIn(null, null, NOW)).isEqualTo(new PanelUsers.SignIn.Refused());
    }

    @Test
    void shouldLockAnAccountAfterTooManyFailuresEvenForTheRightPasswordUntilTheLockoutHasPassed() {
        for (int i = 0; i < 3; i++) {
            users.signIn("de-duty-officer", "guess " + i, NOW.plusSeconds(i));
        }

        assertThat(users.signIn("de-duty-officer", "correct horse battery", NOW.plusSeconds(10)))
                .isInstanceOfSatisfying(
                        PanelUsers.SignIn.Locked.class,
                        l -> assertThat(l.retryAfter())
                                .isEqualTo(Duration.ofMinutes(15).minusSeconds(10)));
        assertThat(users.signIn("de-duty-officer", "correct horse battery", NOW.plus(Duration.ofMinutes(15))))
                .as("the first failure has expired: two left, below the limit")
                .isInstanceOf(PanelUsers.SignIn.SignedIn.class);
    }

    @Test
    void shouldKeepPasswordsOutOfTheirTextAndReadTheirEncodedForm() {
        PasswordHash hash = PasswordHash.of("correct horse battery", ITERATIONS, new SecureRandom());
        assertThat(hash.toString()).doesNotContain(hash.encoded().split("\\$")[3]);
        assertThat(PasswordHash.parse(hash.encoded()).matches("correct horse battery"))
                .isTrue();
        assertThat(PasswordHash.parse(hash.encoded()).matches("correct horse batterY"))
                .isFalse();
    }
}
