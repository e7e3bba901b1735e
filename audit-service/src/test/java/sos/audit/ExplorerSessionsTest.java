package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sos.audit.domain.Caller;
import sos.testsupport.MutableClock;

class ExplorerSessionsTest {

    private static final Caller ANALYST = new Caller(Caller.Role.ANALYST, null, "analyst#12345678");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final ExplorerSessions sessions = new ExplorerSessions(clock);

    @Test
    void shouldOpenASessionWithFreshUnguessableIdsForEachSignIn() {
        ExplorerSessions.Session first = sessions.open(ANALYST).orElseThrow();
        ExplorerSessions.Session second = sessions.open(ANALYST).orElseThrow();

        assertThat(first.id()).isNotEqualTo(second.id()).hasSize(43);
        assertThat(first.csrfToken()).isNotEqualTo(first.id()).isNotEqualTo(second.csrfToken());
        assertThat(sessions.find(first.id()))
                .map(ExplorerSessions.Session::caller)
                .contains(ANALYST);
    }

    @Test
    void shouldEndASessionAfterThirtyIdleMinutesButNotWhileItIsUsed() {
        String id = sessions.open(ANALYST).orElseThrow().id();

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void shouldEndASessionEightHoursAfterSignInHoweverBusy() {
        String id = sessions.open(ANALYST).orElseThrow().id();

        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            sessions.find(id);
        }
        clock.advance(Duration.ofMinutes(20));

        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void shouldForgetASignedOutSessionAndNeverFindAnUnknownOne() {
        String id = sessions.open(ANALYST).orElseThrow().id();

        sessions.close(id);

        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
    }

    @Test
    void shouldAcceptOnlyTheSessionsOwnCsrfToken() {
        ExplorerSessions.Session session = sessions.open(ANALYST).orElseThrow();

        assertThat(session.acceptsCsrf(session.csrfToken())).isTrue();
        assertThat(session.acceptsCsrf(null)).isFalse();
        assertThat(session.acceptsCsrf("")).isFalse();
        assertThat(session.acceptsCsrf(session.id())).isFalse();
    }

    @Test
    void shouldSendSignInBackOnlyToAPageOfTheExplorer() {
        assertThat(ExplorerSignIn.safeNext("/explorer/alerts/0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d"))
                .isEqualTo("/explorer/alerts/0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
        assertThat(ExplorerSignIn.safeNext("/explorer/events?district=South"))
                .isEqualTo("/explorer/events?district=South");
        for (String elsewhere : new String[] {
            null,
            "",
            "https://evil.example/",
            "//evil.example/explorer/",
            "/explorer//evil.example",
            "/explorer/\\evil.example",
            "/api/v1/audit/verify",
            "/explorer/sign-out",
            "/explorer/events\r\nSet-Cookie: x=y"
        }) {
            assertThat(ExplorerSignIn.safeNext(elsewhere)).as(elsewhere).isEqualTo("/explorer/events");
        }
    }
}
