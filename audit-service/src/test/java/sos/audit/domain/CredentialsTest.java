package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    private final Credentials credentials =
            Credentials.parse("a1, a2", "boss", "consulate-de=de-secret, consulate-fr=fr-secret");

    @Test
    void shouldTellAnalystsAdminsAndConsulatesApart() {
        assertThat(credentials.authenticate("Bearer a2").orElseThrow().role()).isEqualTo(Caller.Role.ANALYST);
        assertThat(credentials.authenticate("bearer boss").orElseThrow().role()).isEqualTo(Caller.Role.ADMIN);
        Caller fr = credentials.authenticate("Bearer fr-secret").orElseThrow();
        assertThat(fr.role()).isEqualTo(Caller.Role.CONSULATE);
        assertThat(fr.consulateId()).isEqualTo("consulate-fr");
        assertThat(fr.principal()).startsWith("consulate:consulate-fr#").doesNotContain("fr-secret");
    }

    @Test
    void shouldRefuseMissingMalformedAndUnknownCredentials() {
        assertThat(credentials.authenticate(null)).isEmpty();
        assertThat(credentials.authenticate("Basic a1")).isEmpty();
        assertThat(credentials.authenticate("Bearer ")).isEmpty();
        assertThat(credentials.authenticate("Bearer consulate-de=de-secret")).isEmpty();
        assertThat(credentials.authenticate("Bearer a3")).isEmpty();
    }

    @Test
    void shouldNarrowAConsulatesQueriesToItsOwnAlerts() {
        Caller de = credentials.authenticate("Bearer de-secret").orElseThrow();

        assertThat(de.scope(EventFilter.ALL).consulateId()).isEqualTo("consulate-de");
        assertThat(de.scopeConsulate(null)).isEqualTo("consulate-de");
        assertThatThrownBy(() -> de.scopeConsulate("consulate-fr")).isInstanceOf(ForbiddenQueryException.class);
        assertThatThrownBy(() ->
                        de.scope(new EventFilter(null, "consulate-fr", null, null, null, null, null, null, null, null)))
                .isInstanceOf(ForbiddenQueryException.class);
        Caller analyst = credentials.authenticate("Bearer a1").orElseThrow();
        assertThat(analyst.scope(EventFilter.ALL)).isEqualTo(EventFilter.ALL);
    }

    @Test
    void shouldRequireAnAnalystTokenAndWellFormedConsulatePairs() {
        assertThatThrownBy(() -> Credentials.parse(" ", "boss", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credentials.parse("a", "", "no-equals-sign"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
