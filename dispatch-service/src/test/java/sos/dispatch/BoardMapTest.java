package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The board draws Karachi from its own copy of the district outlines (a service's jar carries what its pages need);
 * alert-ingest places alerts in districts from the same file. The two must not drift apart.
 */
class BoardMapTest {

    @Test
    void shouldDrawTheSameDistrictsAlertIngestPlacesAlertsIn() throws Exception {
        Path board = Path.of("src/main/resources/board/karachi-districts.geojson");
        Path ingest = Path.of("../alert-ingest/src/main/resources/karachi-districts.geojson");

        assertThat(Files.readString(board))
                .as("copy alert-ingest's karachi-districts.geojson to " + board)
                .isEqualTo(Files.readString(ingest));
    }
}
