package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalystTokensTest {

    private final AnalystTokens tokens = AnalystTokens.parse("first-analyst-token, second-analyst-token");

    @Test
    void shouldAcceptEveryTokenOfACommaSeparatedList() {
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.check("Bearer first-analyst-token")).isEqualTo(AnalystTokens.Verdict.ACCEPTED);
        assertThat(tokens.check("Bearer second-analyst-token")).isEqualTo(AnalystTokens.Verdict.ACCEPTED);
    }

    @Test
    void shouldTreatTheBearerSchemeCaseInsensitively() {
        assertThat(tokens.check("bearer first-analyst-token")).isEqualTo(AnalystTokens.Verdict.ACCEPTED);
        assertThat(tokens.check("BEARER  first-analyst-token ")).isEqualTo(AnalystTokens.Verdict.ACCEPTED);
    }

    @Test
    void shouldReportMissingCredentialsApartFromWrongOnes() {
        assertThat(tokens.check(null)).isEqualTo(AnalystTokens.Verdict.MISSING);
        assertThat(tokens.check("  ")).isEqualTo(AnalystTokens.Verdict.MISSING);
        assertThat(tokens.check("Bearer wrong-token")).isEqualTo(AnalystTokens.Verdict.INVALID);
    }

    @Test
    void shouldRejectAPrefixOrAnExtensionOfAValidToken() {
        assertThat(tokens.check("Bearer first-analyst")).isEqualTo(AnalystTokens.Verdict.INVALID);
        assertThat(tokens.check("Bearer first-analyst-token-and-more")).isEqualTo(AnalystTokens.Verdict.INVALID);
        assertThat(tokens.check("Bearer ")).isEqualTo(AnalystTokens.Verdict.INVALID);
    }

    @Test
    void shouldRejectAValidTokenUnderAnotherScheme() {
        assertThat(tokens.check("Basic first-analyst-token")).isEqualTo(AnalystTokens.Verdict.INVALID);
        assertThat(tokens.check("first-analyst-token")).isEqualTo(AnalystTokens.Verdict.INVALID);
    }

    @Test
    void shouldRefuseToStartWithoutAnyToken() {
        assertThatThrownBy(() -> AnalystTokens.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalystTokens(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
