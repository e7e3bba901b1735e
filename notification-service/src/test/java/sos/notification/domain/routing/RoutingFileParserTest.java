package sos.notification.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sos.contracts.AlertType;
import sos.contracts.Severity;

class RoutingFileParserTest {

    private static final String CONTROL_ROOM = """
            recipients:
              - id: police-control-room
                name: Madadgar 15
                kind: CONTROL_ROOM
                channel: webhook
                url: http://127.0.0.1:8090/hooks/police-control-room
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
            """;

    private static RoutingRules parse(String yaml) {
        return parse(yaml, Map.of());
    }

    private static RoutingRules parse(String yaml, Map<String, String> environment) {
        return new RoutingFileParser(environment::get).parse(yaml, "test.yml");
    }

    private static AbstractListAssert<?, java.util.List<?>, Object, ?> problemsOf(String yaml) {
        return assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(RoutingFileException.class)
                .extracting(e -> ((RoutingFileException) e).problems(), list(Object.class));
    }

    private static String localFile() throws IOException {
        try (InputStream in = RoutingFileParserTest.class.getResourceAsStream("/routing/local.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldLoadTheBundledLocalRoutingFileWithItsDefaults() throws IOException {
        RoutingRules rules = parse(localFile());

        assertThat(rules.recipients())
                .extracting(Recipient::id)
                .containsExactly(
                        "police-control-room",
                        "rangers-ops-room",
                        "district-south-ops",
                        "consulate-de-security",
                        "consulate-jp-security",
                        "consulate-tr-security");
        Recipient police = rules.recipient("police-control-room").orElseThrow();
        assertThat(police.url()).isEqualTo(URI.create("http://127.0.0.1:8090/hooks/police-control-room"));
        assertThat(police.kind()).isEqualTo(RecipientKind.CONTROL_ROOM);
        assertThat(police.receives()).containsExactlyInAnyOrder(EventKind.ALERT_RAISED, EventKind.UNITS_ASSIGNED);
        assertThat(police.secret()).isNull();
        assertThat(rules.recipient("rangers-ops-room").orElseThrow().filter().minSeverity())
                .isEqualTo(Severity.HIGH);
        assertThat(rules.recipient("consulate-jp-security")
                        .orElseThrow()
                        .filter()
                        .consulateId())
                .isEqualTo("consulate-jp");
        assertThat(rules.recipient("district-south-ops").orElseThrow().enabled())
                .isTrue();
    }

    @Test
    void shouldResolvePlaceholdersFromTheEnvironmentBeforeTheirDefaults() throws IOException {
        RoutingRules rules = parse(
                localFile(),
                Map.of(
                        "SOS_WEBHOOK_BASE_URL", "https://hooks.example.pk:9443/sos",
                        "SOS_DISTRICT_SOUTH_OPS_ENABLED", "false"));

        assertThat(rules.recipient("consulate-de-security").orElseThrow().url())
                .isEqualTo(URI.create("https://hooks.example.pk:9443/sos/consulate-de-security"));
        assertThat(rules.recipient("district-south-ops").orElseThrow().enabled())
                .isFalse();
    }

    @Test
    void shouldReadEveryFilterAndAPerRecipientSecret() {
        RoutingRules rules = parse(CONTROL_ROOM + """
                  - id: training-room
                    name: Training room
                    kind: DISTRICT_OPS
                    channel: webhook
                    url: https://training.example/hook?team=blue
                    secret: ${TRAINING_SECRET:s3cret}
                    receives: [ALERT_RAISED]
                    filter:
                      minSeverity: critical
                      alertTypes: [ARMED_ATTACK, BOMB_THREAT]
                      consulateId: consulate-tr
                      drills: only
                """);

        Recipient training = rules.recipient("training-room").orElseThrow();
        assertThat(training.secret()).isEqualTo("s3cret");
        assertThat(training.toString()).doesNotContain("s3cret");
        assertThat(training.filter())
                .isEqualTo(new RecipientFilter(
                        Severity.CRITICAL,
                        java.util.Set.of(AlertType.ARMED_ATTACK, AlertType.BOMB_THREAT),
                        "consulate-tr",
                        DrillPolicy.ONLY));
    }

    @Test
    void shouldRefuseAnUnknownEventKind() {
        problemsOf(CONTROL_ROOM.replace("UNITS_ASSIGNED]", "UNITS_ASSIGNED, ALERT_CANCELLED]"))
                .singleElement()
                .asString()
                .contains("police-control-room", "unknown receives 'ALERT_CANCELLED'", "ALERT_RAISED, UNITS_ASSIGNED");
    }

    @Test
    void shouldRefuseDuplicateRecipientIds() {
        problemsOf(CONTROL_ROOM + CONTROL_ROOM.replace("recipients:\n", ""))
                .singleElement()
                .asString()
                .contains("'police-control-room' is used 2 times");
    }

    @Test
    void shouldRefuseARecipientWithoutUrl() {
        problemsOf(CONTROL_ROOM.replace("    url: http://127.0.0.1:8090/hooks/police-control-room\n", ""))
                .singleElement()
                .asString()
                .contains("police-control-room", "url is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://127.0.0.1/hooks", "/hooks/police", "http:///hooks", "mailto:x@y.pk"})
    void shouldRefuseAUrlThatIsNotAnAbsoluteHttpUrl(String url) {
        problemsOf(CONTROL_ROOM.replace("http://127.0.0.1:8090/hooks/police-control-room", "'" + url + "'"))
                .singleElement()
                .asString()
                .contains("police-control-room", "url '" + url + "'");
    }

    @Test
    void shouldNotQuoteTheQueryOfABadUrlWhichMayHoldAToken() {
        problemsOf(CONTROL_ROOM.replace(
                        "http://127.0.0.1:8090/hooks/police-control-room", "ftp://hooks.example/in?token=t0k3n"))
                .singleElement()
                .asString()
                .contains("ftp://hooks.example/in?...")
                .doesNotContain("t0k3n");
    }

    @Test
    void shouldRefuseAFileWhereNoRecipientGetsLiveAlerts() {
        problemsOf(CONTROL_ROOM.replace("receives: [ALERT_RAISED, UNITS_ASSIGNED]", "receives: [UNITS_ASSIGNED]"))
                .singleElement()
                .asString()
                .contains("no enabled recipient gets live alerts");
        problemsOf(CONTROL_ROOM + "    enabled: false\n")
                .singleElement()
                .asString()
                .contains("no enabled recipient gets live alerts");
        problemsOf(CONTROL_ROOM + "    filter:\n      drills: only\n")
                .singleElement()
                .asString()
                .contains("no enabled recipient gets live alerts");
    }

    @Test
    void shouldRefuseAFileWhereSomeLiveAlertsReachNoRecipient() {
        problemsOf(CONTROL_ROOM + "    filter:\n      minSeverity: HIGH\n")
                .singleElement()
                .asString()
                .contains("MEDICAL/MEDIUM", "OTHER/LOW")
                .doesNotContain("ARMED_ATTACK/CRITICAL");
    }

    @Test
    void shouldNotCountConsulateOnlyRecipientsAsReceivingLiveAlerts() {
        problemsOf("""
                recipients:
                  - id: consulate-de-security
                    name: DE security
                    kind: CONSULATE
                    channel: webhook
                    url: http://127.0.0.1:8090/hooks/consulate-de-security
                    receives: [ALERT_RAISED]
                    filter:
                      consulateId: consulate-de
                """).singleElement().asString().contains("no enabled recipient gets live alerts");
    }

    @Test
    void shouldRefuseAConsulateRecipientThatWouldGetEveryConsulatesAlerts() {
        problemsOf(CONTROL_ROOM + """
                  - id: consulate-de-security
                    name: DE security
                    kind: CONSULATE
                    channel: webhook
                    url: http://127.0.0.1:8090/hooks/consulate-de-security
                    receives: [ALERT_RAISED]
                """)
                .singleElement()
                .asString()
                .contains("consulate-de-security", "needs filter.consulateId");
    }

    @Test
    void shouldRefuseUnknownKeysSoThatTyposDoNotSilentlyWidenTheRouting() {
        problemsOf(CONTROL_ROOM + "    filter:\n      minSeverty: HIGH\n")
                .singleElement()
                .asString()
                .contains("unknown key 'minSeverty'");
        problemsOf(CONTROL_ROOM.replace("receives:", "recieves:"))
                .asString()
                .contains("unknown key 'recieves'", "receives is missing");
    }

    @Test
    void shouldRefuseAnUnknownRecipientKindSeverityAlertTypeOrDrillPolicy() {
        problemsOf(
                        CONTROL_ROOM.replace("kind: CONTROL_ROOM", "kind: FIRE_BRIGADE")
                                + "    filter:\n      minSeverity: URGENT\n      alertTypes: [EARTHQUAKE]\n      drills: maybe\n")
                .asString()
                .contains(
                        "unknown kind 'FIRE_BRIGADE'",
                        "unknown minSeverity 'URGENT'",
                        "unknown alertTypes 'EARTHQUAKE'",
                        "unknown drills 'maybe'");
    }

    @Test
    void shouldRefuseAnUnsupportedChannel() {
        problemsOf(CONTROL_ROOM.replace("channel: webhook", "channel: pager"))
                .singleElement()
                .asString()
                .contains("channel 'pager' is not supported");
    }

    @Test
    void shouldRequireTheAddressOfEveryChannelARecipientUses() {
        problemsOf(CONTROL_ROOM.replace("channel: webhook", "channel: sms\n    secondaryChannel: email"))
                .anySatisfy(p -> assertThat(p).asString().contains("phone is missing"))
                .anySatisfy(p -> assertThat(p).asString().contains("email is missing"));
        problemsOf(CONTROL_ROOM + "    phone: 0300-1234567\n    language: fr\n")
                .anySatisfy(p -> assertThat(p).asString().contains("phone must be an E.164 number"))
                .anySatisfy(p -> assertThat(p).asString().contains("language 'fr' is not supported"));
    }

    @Test
    void shouldReadAnSmsRecipientWithoutAUrlAndWithAWebhookAsItsSecondaryChannel() {
        RoutingRules rules =
                parse(CONTROL_ROOM.replace("channel: webhook", "channel: sms\n    secondaryChannel: webhook")
                        + "    phone: \"+923001234567\"\n    language: ur\n");

        Recipient recipient = rules.recipients().get(0);
        assertThat(recipient.channel()).isEqualTo("sms");
        assertThat(recipient.secondaryChannel()).isEqualTo("webhook");
        assertThat(recipient.phone()).isEqualTo("+923001234567");
        assertThat(recipient.language()).isEqualTo("ur");
    }

    @Test
    void shouldRefuseAPlaceholderThatIsNotSetAndHasNoDefault() {
        problemsOf(CONTROL_ROOM.replace("http://127.0.0.1:8090/hooks", "${CONTROL_ROOM_HOOKS}"))
                .asString()
                .contains("${CONTROL_ROOM_HOOKS} is not set and has no default");
    }

    @Test
    void shouldRefuseARecipientWithoutIdNameOrKind() {
        problemsOf("""
                recipients:
                  - channel: webhook
                    url: http://127.0.0.1:8090/hooks/police-control-room
                    receives: [ALERT_RAISED, UNITS_ASSIGNED]
                """).asString().contains("id is missing", "name is missing", "kind is missing");
    }

    @Test
    void shouldRefuseAnEmptyFileAndTextThatIsNotARoutingFile() {
        problemsOf("").singleElement().asString().contains("empty");
        problemsOf("recipients: []").singleElement().asString().contains("non-empty list");
        problemsOf("- just\n- a list\n").singleElement().asString().contains("top level");
    }

    @Test
    void shouldRefuseInvalidYamlWithoutQuotingTheFile() {
        problemsOf(CONTROL_ROOM + "    secret: \"top-secret-value\n  unclosed: [\n")
                .singleElement()
                .asString()
                .startsWith("not valid YAML")
                .contains("line")
                .doesNotContain("top-secret-value");
    }

    @Test
    void shouldReportEveryProblemOfTheFileAtOnce() {
        problemsOf(CONTROL_ROOM.replace("url: http://127.0.0.1:8090/hooks/police-control-room", "url: ftp://x") + """
                  - id: Bad Id
                    name: x
                    kind: CONTROL_ROOM
                    channel: webhook
                    receives: [ALERT_RAISED]
                """)
                .hasSize(3);
    }

    @Test
    void shouldRefuseAFileWhereNoControlRoomGetsLiveAlerts() {
        problemsOf(CONTROL_ROOM.replace("kind: CONTROL_ROOM", "kind: DISTRICT_OPS"))
                .singleElement()
                .asString()
                .contains("no enabled CONTROL_ROOM recipient gets live alerts");
    }

    @Test
    void shouldReadDistrictsAndAgencyFilters() {
        RoutingRules rules = new RoutingFileParser(name -> null)
                .parse(
                        """
                        districts:
                          - {name: SOUTH, south: 24.78, west: 66.95, north: 24.875, east: 67.09}
                        """
                                + CONTROL_ROOM
                                + "    filter:\n      districts: [SOUTH]\n      agencies: [RANGERS]\n"
                                + CONTROL_ROOM
                                        .replace("police-control-room", "fallback-room")
                                        .replace("recipients:\n", ""),
                        "test.yml");

        assertThat(rules.districts().all()).containsExactly(new District("SOUTH", 24.78, 66.95, 24.875, 67.09));
        assertThat(rules.recipients().get(0).filter().districts()).containsExactly("SOUTH");
        assertThat(rules.recipients().get(0).filter().agencies()).containsExactly(sos.contracts.Agency.RANGERS);
    }

    @Test
    void shouldRefuseUnknownDistrictsAndBadBoxes() {
        problemsOf("""
                        districts:
                          - {name: SOUTH, south: 24.9, west: 66.95, north: 24.8, east: 67.09}
                          - {name: EAST, south: 24.8, west: 67.09, north: 124.96}
                        """ + CONTROL_ROOM + "    filter:\n      districts: [NORTH]\n")
                .anySatisfy(p -> assertThat(p).asString().contains("districts[0] (SOUTH): south must be below north"))
                .anySatisfy(
                        p -> assertThat(p).asString().contains("districts[1]: north must be a number from -90 to 90"))
                .anySatisfy(p -> assertThat(p).asString().contains("districts[1]: east is missing"));
        problemsOf(CONTROL_ROOM + "    filter:\n      districts: [NORTH]\n")
                .anySatisfy(p -> assertThat(p).asString().contains("unknown district 'NORTH'"));
    }
}
