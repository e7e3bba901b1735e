package sos.ingest.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.ingest.domain.Fixtures;

class AlertValidatorTest {

    private final AlertValidator validator = new AlertValidator();

    @Test
    void shouldAcceptACompleteAlertAndKeepEveryField() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("accuracyMeters", 15);
        body.put("premisesId", "chancery");
        body.put("description", "gunfire at the gate");
        body.put("drill", true);
        body.put("severity", "HIGH");

        AlertRequest alert = valid(body);

        assertThat(alert.type()).isEqualTo(AlertType.ARMED_ATTACK);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.location()).isEqualTo(new GeoPoint(24.8138, 67.03));
        assertThat(alert.accuracyMeters()).isEqualTo(15.0);
        assertThat(alert.premises().name()).isEqualTo("Chancery, Clifton Block 4");
        assertThat(alert.description()).isEqualTo("gunfire at the gate");
        assertThat(alert.drill()).isTrue();
    }

    @Test
    void shouldDefaultTheSeverityToTheTypesDefaultAndDrillToFalse() {
        AlertRequest alert = valid(Map.of("type", "MEDICAL", "location", Map.of("lat", 24.8, "lon", 67)));

        assertThat(alert.severity()).isEqualTo(AlertType.MEDICAL.defaultSeverity());
        assertThat(alert.drill()).isFalse();
        assertThat(alert.premises()).isNull();
        assertThat(alert.accuracyMeters()).isNull();
    }

    @Test
    void shouldIgnoreUnknownProperties() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("deviceBattery", 40);

        assertThat(valid(body).type()).isEqualTo(AlertType.ARMED_ATTACK);
    }

    @Test
    void shouldRequireATypeAndALocation() {
        assertThat(errors(Map.of())).extracting(FieldError::field).containsExactly("type", "location");
    }

    @Test
    void shouldRefuseAnUnknownTypeOrSeverity() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("type", "armed_attack");
        body.put("severity", "APOCALYPTIC");

        assertThat(errors(body))
                .extracting(FieldError::field, FieldError::message)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "type",
                                "must be one of ARMED_ATTACK, BOMB_THREAT, KIDNAPPING, INTRUSION, MOB_OR_PROTEST, FIRE,"
                                        + " MEDICAL, SUSPICIOUS_ACTIVITY, OTHER"),
                        org.assertj.core.groups.Tuple.tuple("severity", "must be one of CRITICAL, HIGH, MEDIUM, LOW"));
    }

    @Test
    void shouldRefuseCoordinatesOutsideTheirRanges() {
        assertThat(errors(Map.of("type", "FIRE", "location", Map.of("lat", 90.0001, "lon", -180.5))))
                .containsExactly(
                        new FieldError("location.lat", "must be within [-90, 90]"),
                        new FieldError("location.lon", "must be within [-180, 180]"));
    }

    @Test
    void shouldAcceptTheExtremeCoordinates() {
        assertThat(valid(Map.of("type", "FIRE", "location", Map.of("lat", -90, "lon", 180)))
                        .location())
                .isEqualTo(new GeoPoint(-90, 180));
    }

    @Test
    void shouldRefuseCoordinatesThatAreNotNumbers() {
        assertThat(errors(Map.of("type", "FIRE", "location", Map.of("lat", "24.8", "lon", true))))
                .containsExactly(
                        new FieldError("location.lat", "must be a number"),
                        new FieldError("location.lon", "must be a number"));
        assertThat(errors(Map.of("type", "FIRE", "location", List.of(24.8, 67.0))))
                .extracting(FieldError::field)
                .containsExactly("location");
        assertThat(errors(Map.of("type", "FIRE", "location", Map.of("lat", 24.8))))
                .containsExactly(new FieldError("location.lon", "is required"));
    }

    @Test
    void shouldRefusePremisesThatAreNotTheConsulates() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("premisesId", "residence");

        assertThat(errors(body))
                .containsExactly(new FieldError("premisesId", "must be one of the consulate's premises: chancery"));
    }

    @Test
    void shouldRefuseADescriptionLongerThan2000Characters() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("description", "x".repeat(2001));
        assertThat(errors(body)).containsExactly(new FieldError("description", "must be at most 2000 characters"));

        body.put("description", "x".repeat(2000));
        assertThat(valid(body).description()).hasSize(2000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0000",
                "gate\u0000",
                "\u0001",
                "bell\u0007",
                "esc\u001b[2J",
                "\u001f",
                "\u007f",
                "lone \ud800 high",
                "lone \udc00 low"
            })
    void shouldRefuseADescriptionWithControlCharactersOrBrokenUnicode(String description) {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("description", description);

        assertThat(errors(body))
                .singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("description"));
    }

    @Test
    void shouldAcceptTabsAndLineBreaksInADescription() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("description", "line one\r\n\tline two\n🔥");

        assertThat(valid(body).description()).isEqualTo("line one\r\n\tline two\n🔥");
    }

    @Test
    void shouldCountCharactersNotUtf16Units() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("description", "🔥".repeat(2000));

        assertThat(valid(body).description()).isNotNull();
    }

    @Test
    void shouldRefuseANegativeOrAbsurdAccuracyAndANonBooleanDrill() {
        Map<String, Object> body = new HashMap<>(minimal());
        body.put("accuracyMeters", -1);
        body.put("drill", "yes");

        assertThat(errors(body)).extracting(FieldError::field).containsExactly("accuracyMeters", "drill");

        body.put("accuracyMeters", 1e9);
        body.put("drill", false);
        assertThat(errors(body)).extracting(FieldError::field).containsExactly("accuracyMeters");
    }

    private static Map<String, Object> minimal() {
        return Map.of("type", "ARMED_ATTACK", "location", Map.of("lat", 24.8138, "lon", 67.03));
    }

    private AlertRequest valid(Map<String, Object> body) {
        Validation validation = validator.validate(body, Fixtures.GERMANY);
        assertThat(validation).isInstanceOf(Validation.Valid.class);
        return ((Validation.Valid) validation).alert();
    }

    private List<FieldError> errors(Map<String, Object> body) {
        Validation validation = validator.validate(body, Fixtures.GERMANY);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) validation).errors();
    }
}
