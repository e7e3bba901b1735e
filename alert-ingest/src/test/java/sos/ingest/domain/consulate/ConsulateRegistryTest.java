package sos.ingest.domain.consulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import sos.ingest.domain.Fixtures;
import sos.testsupport.Karachi;

class ConsulateRegistryTest {

    private final ConsulateRegistry registry = Fixtures.registry();

    @Test
    void shouldFindTheConsulateThatOwnsAKey() {
        assertThat(registry.findKey("de-1"))
                .get()
                .satisfies(holder -> assertThat(holder.consulate().id()).isEqualTo("consulate-de"))
                .satisfies(holder -> assertThat(holder.key().id()).isEqualTo("de-1"));
        assertThat(registry.findKey("jp-1").orElseThrow().consulate().id()).isEqualTo("consulate-jp");
    }

    @Test
    void shouldNotFindUnknownOrDisabledKeys() {
        assertThat(registry.findKey("nope")).isEmpty();
        assertThat(registry.findKey(null)).isEmpty();
        assertThat(registry.findKey("de-retired")).isEmpty();
        assertThat(registry.findKey("de-0")).as("revoked").isEmpty();
        assertThat(registry.enabledKeyCount()).isEqualTo(2);
    }

    @Test
    void shouldAllowTwoActiveKeysForRotationButNotThree() {
        Consulate rotating = new Consulate(
                "c",
                "C",
                "CC",
                List.of(),
                List.of(new ApiKey("k1", "s1"), new ApiKey("k2", "s2"), new ApiKey("k0", "s0", true)));
        assertThat(new ConsulateRegistry(List.of(rotating)).findKey("k2")).isPresent();

        assertThatThrownBy(() -> new Consulate(
                        "c",
                        "C",
                        "CC",
                        List.of(),
                        List.of(new ApiKey("k1", "s1"), new ApiKey("k2", "s2"), new ApiKey("k3", "s3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 2");
    }

    @Test
    void shouldTellTheAlertPinFromTheDuressPinAndRefuseAnythingElse() {
        Consulate germany = registry.find("consulate-de").orElseThrow();

        assertThat(germany.checkPin(Fixtures.PIN)).isEqualTo(Consulate.PinMatch.ALERT);
        assertThat(germany.checkPin(Fixtures.DURESS_PIN)).isEqualTo(Consulate.PinMatch.DURESS);
        assertThat(germany.checkPin("0000")).isEqualTo(Consulate.PinMatch.NONE);
        assertThat(germany.checkPin(null)).isEqualTo(Consulate.PinMatch.NONE);
        assertThat(germany.checkPin("24680")).isEqualTo(Consulate.PinMatch.NONE);
        assertThat(registry.find("consulate-jp").orElseThrow().checkPin(Fixtures.PIN))
                .as("no PIN registered")
                .isEqualTo(Consulate.PinMatch.NONE);
    }

    @Test
    void shouldNeverShowSecretsOrPinsInToString() {
        Consulate germany = registry.find("consulate-de").orElseThrow();

        assertThat(germany.toString() + germany.alertPin() + germany.keys())
                .doesNotContain(Fixtures.SECRET)
                .doesNotContain(Fixtures.PIN)
                .doesNotContain(germany.alertPin().encoded());
    }

    @Test
    void shouldFindPremisesOfAConsulateById() {
        Consulate germany = registry.find("consulate-de").orElseThrow();
        assertThat(germany.premises("chancery").orElseThrow().name()).isEqualTo("Chancery, Clifton Block 4");
        assertThat(germany.premises("embassy")).isEmpty();
    }

    @Test
    void shouldRefuseAKeyIdUsedByTwoConsulates() {
        Consulate other = new Consulate("consulate-x", "X", "XX", List.of(), List.of(new ApiKey("de-1", "s")));
        assertThatThrownBy(() -> new ConsulateRegistry(List.of(Fixtures.GERMANY, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("de-1");
    }

    @Test
    void shouldRefuseAConsulateRegisteredTwice() {
        assertThatThrownBy(() -> new ConsulateRegistry(List.of(Fixtures.JAPAN, Fixtures.JAPAN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consulate-jp");
    }

    @Test
    void shouldRefuseDuplicatePremisesAndBlankNames() {
        Premises chancery = new Premises("chancery", "Chancery", Karachi.CLIFTON);
        assertThatThrownBy(() -> new Consulate("c", "C", "CC", List.of(chancery, chancery), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Consulate("c", " ", "CC", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverPrintASecret() {
        assertThat(new ApiKey("de-1", "top-secret").toString())
                .doesNotContain("top-secret")
                .contains("de-1");
    }
}
