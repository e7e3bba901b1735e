package sos.ingest.domain.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PanelSessionsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private final PanelSessions sessions = new PanelSessions(Duration.ofMinutes(30), Duration.ofHours(12));
    private final PanelUser user = new PanelUser(
            "officer",
            "consulate-de",
            null,
            PasswordHash.of("a long enough password", PasswordHash.MIN_ITERATIONS, new SecureRandom()));

    @Test
    void shouldFindASessionByItsIdAndCheckItsCsrfToken() {
        PanelSessions.Session session = sessions.start(user, NOW);

        assertThat(sessions.find(session.id(), NOW.plusSeconds(60))).contains(session);
        assertThat(session.csrfMatches(session.csrfToken())).isTrue();
        assertThat(session.csrfMatches(session.id())).isFalse();
        assertThat(session.csrfMatches(null)).isFalse();
        assertThat(session.toString()).doesNotContain(session.id()).doesNotContain(session.csrfToken());
    }

    @Test
    void shouldEndASessionWhenIdleForTooLongOrTooOldOrSignedOut() {
        PanelSessions.Session idle = sessions.start(user, NOW);
        assertThat(sessions.find(idle.id(), NOW.plus(Duration.ofMinutes(31)))).isEmpty();

        PanelSessions.Session old = sessions.start(user, NOW);
        for (int minutes = 20; minutes < 12 * 60; minutes += 20) {
            assertThat(sessions.find(old.id(), NOW.plus(Duration.ofMinutes(minutes))))
                    .isPresent();
        }
        assertThat(sessions.find(old.id(), NOW.plus(Duration.ofHours(12)).plusSeconds(1)))
                .isEmpty();

        PanelSessions.Session ended = sessions.start(user, NOW);
        sessions.end(ended.id());
        assertThat(sessions.find(ended.id(), NOW)).isEmpty();
        assertThat(sessions.find(null, NOW)).isEmpty();
    }
}
