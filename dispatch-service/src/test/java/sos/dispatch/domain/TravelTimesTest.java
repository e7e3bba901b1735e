package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TravelTimesTest {

    private final TravelTimes travelTimes = Fixtures.travelTimes();

    @Test
    void shouldTakeTheRoadFactorAndTheCapabilitySpeedIntoAccount() {
        // 10 km x 1.4 = 14 km of road; at 30 km/h that is 28 minutes, at 35 km/h 24 minutes
        assertThat(travelTimes.etaSeconds(Capability.PATROL_CAR, 10)).isEqualTo(1680);
        assertThat(travelTimes.etaSeconds(Capability.MOTORCYCLE, 10)).isEqualTo(1440);
    }

    @Test
    void shouldRoundUpToTheNextWholeSecond() {
        // 1.001 km x 1.4 / 30 km/h = 168.168 s
        assertThat(travelTimes.etaSeconds(Capability.PATROL_CAR, 1.001)).isEqualTo(169);
    }

    @Test
    void shouldNotRoundUpFloatingPointNoise() {
        // 10 km x 1.4 / 25 km/h = 2016 s, which doubles compute as 2016.0000000000002
        assertThat(travelTimes.etaSeconds(Capability.BOMB_DISPOSAL, 10)).isEqualTo(2016);
    }

    @Test
    void shouldRefuseAConfigurationWithoutASpeedForEveryCapability() {
        assertThatThrownBy(() -> new TravelTimes(1.4, Map.of(Capability.PATROL_CAR, 30.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MOTORCYCLE");
    }
}
