package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.audit.domain.EventFilter;
import sos.audit.domain.InvalidQueryException;

class ExplorerTrailQueryTest {

    @Test
    void shouldTurnTheFormIntoTheFilterLeavingBlankFieldsOut() {
        UUID alertId = UUID.randomUUID();
        ExplorerTrailQuery query = new ExplorerTrailQuery(
                " " + alertId + " ",
                "consulate-de",
                "",
                "South",
                "  ",
                null,
                "UnitsAssigned",
                "false",
                "2026-11-20T10:00",
                "2026-11-21T00:00:00Z",
                null,
                null,
                null);

        EventFilter filter = query.toFilter();

        assertThat(filter)
                .isEqualTo(new EventFilter(
                        alertId,
                        "consulate-de",
                        null,
                        "South",
                        null,
                        null,
                        "UnitsAssigned",
                        false,
                        Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-21T00:00:00Z")));
        assertThat(query.pageSize()).isEqualTo(ExplorerTrailQuery.PAGE_SIZE);
    }

    @Test
    void shouldRefuseValuesThatAreNotWhatTheFieldHolds() {
        assertThatThrownBy(() -> query("not-an-id", null, null).toFilter())
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("alert");
        assertThatThrownBy(() -> query(null, "maybe", null).toFilter())
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("drill");
        assertThatThrownBy(() -> query(null, null, "yesterday").toFilter())
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("from");
    }

    @Test
    void shouldCarryTheFiltersIntoLinksEncodedAndWithoutBlankOnes() {
        ExplorerTrailQuery query = new ExplorerTrailQuery(
                null, "consulate de&x=1", null, "South", "", null, null, "true", null, null, 40L, null, 10);

        String link = query.link("/explorer/events", Map.of("beforeSeq", 12L));

        assertThat(link)
                .isEqualTo(
                        "/explorer/events?consulateId=consulate%20de%26x%3D1&district=South&drill=true&beforeSeq=12");
    }

    private static ExplorerTrailQuery query(String alertId, String drill, String from) {
        return new ExplorerTrailQuery(alertId, null, null, null, null, null, null, drill, from, null, null, null, null);
    }
}
