package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import sos.contracts.EventJson;
import sos.contracts.RequestSignature;
import sos.contracts.Topics;
import tools.jackson.databind.JsonNode;

/**
 * Bad input, case by case and at random, through the real controller (MockMvc) against a real broker: every bad
 * request gets its documented status and problem type, nothing gets a 5xx, and nothing reaches {@code sos.alerts}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + BadInputIT.SECRET,
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "sos.kafka.partitions=2",
            "logging.level.sos.ingest=WARN"
        })
@AutoConfigureMockMvc
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    static final String SECRET = "bad-input-secret-0123";
    static final String VALID = "{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}";
    private static final String JSON = "application/json";
    private static final String CAP = "application/cap+xml";
    private static final int FUZZ_REQUESTS = 10_000;

    @Autowired
    MockMvc mvc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private AlertsTopic alerts;

    @BeforeAll
    void connect() {
        alerts = new AlertsTopic(bootstrap, Topics.ALERTS.name());
    }

    @AfterAll
    void disconnect() {
        alerts.close();
    }

    enum Signing {
        VALID,
        NONE,
        WRONG_SECRET,
        STALE,
        FUTURE,
        REVOKED_KEY,
        UNKNOWN_KEY,
        MALFORMED_HEADER
    }

    record Case(
            String name,
            String contentType,
            byte[] body,
            Signing signing,
            String idempotencyKey,
            int status,
            String problem) {

        @Override
        public String toString() {
            return name + " -> " + status + " " + problem;
        }
    }

    static Stream<Case> badInputs() {
        return Stream.of(
                json("unclosed object", "{", 400, "malformed-json"),
                json("empty body", "", 400, "malformed-json"),
                json("array instead of object", "[]", 400, "malformed-json"),
                json("string instead of object", "\"SOS\"", 400, "malformed-json"),
                json("trailing content", VALID + "{}", 400, "malformed-json"),
                json(
                        "duplicate property",
                        "{\"type\":\"FIRE\",\"type\":\"MEDICAL\",\"location\":{\"lat\":24.8,\"lon\":67}}",
                        400,
                        "malformed-json"),
                json(
                        "NaN coordinate",
                        "{\"type\":\"FIRE\",\"location\":{\"lat\":NaN,\"lon\":67}}",
                        400,
                        "malformed-json"),
                json("single-quoted JSON", "{'type':'FIRE'}", 400, "malformed-json"),
                new Case(
                        "invalid UTF-8",
                        JSON,
                        new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                        Signing.VALID,
                        null,
                        400,
                        "malformed-json"),
                json("missing type", "{\"location\":{\"lat\":24.8,\"lon\":67}}", 422, "validation"),
                json("missing location", "{\"type\":\"FIRE\"}", 422, "validation"),
                json("unknown type", VALID.replace("ARMED_ATTACK", "ALIENS"), 422, "validation"),
                json("lower-case type", VALID.replace("ARMED_ATTACK", "armed_attack"), 422, "validation"),
                json("type as number", VALID.replace("\"ARMED_ATTACK\"", "7"), 422, "validation"),
                json("unknown severity", VALID.replace("}}", "},\"severity\":\"EXTREME\"}"), 422, "validation"),
                json("latitude above 90", VALID.replace("24.8138", "90.5"), 422, "validation"),
                json("longitude below -180", VALID.replace("67.03", "-180.01"), 422, "validation"),
                json("latitude as string", VALID.replace("24.8138", "\"24.8\""), 422, "validation"),
                json("location as array", "{\"type\":\"FIRE\",\"location\":[24.8,67.0]}", 422, "validation"),
                json(
                        "outside Karachi (Hyderabad)",
                        VALID.replace("24.8138", "25.396").replace("67.03", "68.3578"),
                        422,
                        "validation"),
                json("null island", VALID.replace("24.8138", "0").replace("67.03", "0"), 422, "validation"),
                json("negative accuracy", VALID.replace("}}", "},\"accuracyMeters\":-1}"), 422, "validation"),
                json("drill as string", VALID.replace("}}", "},\"drill\":\"yes\"}"), 422, "validation"),
                json(
                        "description too long",
                        VALID.replace("}}", "},\"description\":\"" + "x".repeat(2001) + "\"}"),
                        422,
                        "validation"),
                json(
                        "description with NUL",
                        VALID.replace("}}", "},\"description\":\"gate\\u0000\"}"),
                        422,
                        "validation"),
                json(
                        "description with ESC",
                        VALID.replace("}}", "},\"description\":\"\\u001b[2J\"}"),
                        422,
                        "validation"),
                json(
                        "description with a lone surrogate",
                        VALID.replace("}}", "},\"description\":\"\\ud800\"}"),
                        422,
                        "validation"),
                json("unknown premises", VALID.replace("}}", "},\"premisesId\":\"embassy\"}"), 422, "validation"),
                new Case(
                        "body over 16 KiB",
                        JSON,
                        ("{\"pad\":\"" + "x".repeat(17_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                        Signing.VALID,
                        null,
                        413,
                        "payload-too-large"),
                new Case("text/plain", "text/plain", bytes(VALID), Signing.VALID, null, 415, "unsupported-media-type"),
                new Case(
                        "JSON in Latin-1",
                        "application/json;charset=ISO-8859-1",
                        bytes(VALID),
                        Signing.VALID,
                        null,
                        415,
                        "unsupported-media-type"),
                new Case(
                        "form encoded",
                        "application/x-www-form-urlencoded",
                        bytes("type=FIRE"),
                        Signing.VALID,
                        null,
                        415,
                        "unsupported-media-type"),
                signed("no signature", Signing.NONE, 401, "authentication-required"),
                signed("wrong secret", Signing.WRONG_SECRET, 401, "signature-invalid"),
                signed("signed 301 s ago", Signing.STALE, 401, "signature-stale"),
                signed("signed 400 s ahead", Signing.FUTURE, 401, "signature-stale"),
                signed("revoked key", Signing.REVOKED_KEY, 401, "signature-invalid"),
                signed("unknown key", Signing.UNKNOWN_KEY, 401, "signature-invalid"),
                signed("malformed signature header", Signing.MALFORMED_HEADER, 401, "signature-invalid"),
                new Case(
                        "Idempotency-Key with a space",
                        JSON,
                        bytes(VALID),
                        Signing.VALID,
                        "a b",
                        400,
                        "idempotency-key-invalid"),
                new Case(
                        "Idempotency-Key of 201 characters",
                        JSON,
                        bytes(VALID),
                        Signing.VALID,
                        "k".repeat(201),
                        400,
                        "idempotency-key-invalid"),
                cap(
                        "CAP with a DOCTYPE",
                        "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM"
                                + " \"file:///etc/passwd\">]>"
                                + AlertLifecycleIT.cap("consulate-de", "Actual", "<circle>24.8,67.0 1</circle>")
                                        .replace("suspicious", "&x;"),
                        400,
                        "malformed-xml"),
                cap("CAP that is not XML", "SOS!", 400, "malformed-xml"),
                cap(
                        "CAP in the wrong namespace",
                        AlertLifecycleIT.cap("consulate-de", "Actual", "<circle>24.8,67.0 1</circle>")
                                .replace("cap:1.2", "cap:1.1"),
                        422,
                        "validation"),
                cap(
                        "CAP status Draft",
                        AlertLifecycleIT.cap("consulate-de", "Draft", "<circle>24.8,67.0 1</circle>"),
                        422,
                        "validation"),
                cap(
                        "CAP msgType Cancel",
                        AlertLifecycleIT.cap("consulate-de", "Actual", "<circle>24.8,67.0 1</circle>")
                                .replace("<msgType>Alert", "<msgType>Cancel"),
                        422,
                        "validation"),
                cap(
                        "CAP from another sender",
                        AlertLifecycleIT.cap("consulate-jp", "Actual", "<circle>24.8,67.0 1</circle>"),
                        422,
                        "validation"),
                cap(
                        "CAP with a broken circle",
                        AlertLifecycleIT.cap("consulate-de", "Actual", "<circle>north of the gate</circle>"),
                        422,
                        "validation"),
                cap("CAP without an area", AlertLifecycleIT.cap("consulate-de", "Actual", ""), 422, "validation"),
                cap(
                        "CAP outside Karachi",
                        AlertLifecycleIT.cap("consulate-de", "Actual", "<circle>25.396,68.3578 1</circle>"),
                        422,
                        "validation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldAnswerEveryBadInputWithItsProblemAndWriteNoAlert(Case bad) throws Exception {
        Map<TopicPartition, Long> start = alerts.endOffsets();

        MockHttpServletResponse response = mvc.perform(
                        request(bad.contentType(), bad.body(), bad.signing(), bad.idempotencyKey()))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(bad.status());
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = EventJson.mapper().readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.path("type").asString()).isEqualTo("https://sos.karachi.example/problems/" + bad.problem());
        assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
        assertThat(response.getContentAsString()).doesNotContain("Exception", "\tat ", SECRET);
        assertThat(alerts.endOffsets()).as("nothing written to sos.alerts").isEqualTo(start);
    }

    @Test
    void shouldNeverAnswer5xxNorWriteAnAlertForTenThousandRandomRequests() throws Exception {
        Map<TopicPartition, Long> start = alerts.endOffsets();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> unexpected = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();

        for (int i = 0; i < FUZZ_REQUESTS; i++) {
            Fuzzed fuzzed = fuzz(random);
            MockHttpServletResponse response =
                    mvc.perform(fuzzed.request()).andReturn().getResponse();
            int status = response.getStatus();
            statuses.merge(status, 1, Integer::sum);
            if (status >= 500 || status < 400) {
                unexpected.add(status + " for " + fuzzed.description());
            } else if (!String.valueOf(response.getContentType()).startsWith("application/problem+json")) {
                unexpected.add("no problem+json for " + fuzzed.description());
            }
        }

        assertThat(unexpected).as("seed " + seed).isEmpty();
        assertThat(statuses).as("the fuzzer reaches every check").containsKeys(400, 401, 415, 422);
        assertThat(alerts.endOffsets())
                .as("nothing written to sos.alerts (seed " + seed + ")")
                .isEqualTo(start);
    }

    @Test
    void shouldRateLimitStatusRequestsPerKeyButNeverTheSosItself() throws Exception {
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 200; i++) {
            MockHttpServletResponse response = mvc.perform(get("/api/v1/alerts?status=open")
                            .header(RequestSignature.KEY_ID_HEADER, "jp-demo-1")
                            .header(
                                    RequestSignature.SIGNATURE_HEADER,
                                    RequestSignature.sign(bytes(SECRET), Instant.now(), new byte[0])))
                    .andReturn()
                    .getResponse();
            if (response.getStatus() == 429) {
                limited++;
                retryAfter = response.getHeader("Retry-After");
                assertThat(response.getContentAsString()).contains("/problems/rate-limited");
            } else {
                assertThat(response.getStatus()).isEqualTo(200);
            }
            if (i < 120) {
                assertThat(limited)
                        .as("the minute's budget of 120 is allowed as a burst")
                        .isZero();
            }
        }
        assertThat(limited).isPositive();
        assertThat(retryAfter).isEqualTo("1");

        byte[] alert = bytes("{\"type\":\"FIRE\",\"location\":{\"lat\":24.8205,\"lon\":67.0342}}");
        MockHttpServletResponse sos = mvc.perform(post("/api/v1/alerts")
                        .content(alert)
                        .header("Content-Type", JSON)
                        .header(RequestSignature.KEY_ID_HEADER, "jp-demo-1")
                        .header(
                                RequestSignature.SIGNATURE_HEADER,
                                RequestSignature.sign(bytes(SECRET), Instant.now(), alert)))
                .andReturn()
                .getResponse();
        assertThat(sos.getStatus()).as("an SOS is never rate-limited").isEqualTo(202);
    }

    record Fuzzed(MockHttpServletRequestBuilder request, String description) {}

    /**
     * A random request. Bodies signed with the valid key always carry at least one rule violation, so any 2xx is a
     * bug; bodies that would be valid are only sent with broken signing.
     */
    private static Fuzzed fuzz(Random random) {
        String[] types = {
            JSON,
            JSON,
            JSON,
            CAP,
            "application/xml",
            "text/plain",
            "application/json;charset=UTF-16",
            "*/*",
            "application/json;;;",
            "garbage",
            null
        };
        String contentType = types[random.nextInt(types.length)];
        boolean signedValid = random.nextInt(3) > 0;
        byte[] body;
        String kind;
        switch (random.nextInt(4)) {
            case 0 -> {
                body = new byte[random.nextInt(400)];
                random.nextBytes(body);
                kind = "random bytes";
            }
            case 1 -> {
                body = bytes(mutate(VALID, random));
                kind = "mutated JSON";
            }
            case 2 -> {
                body = bytes(AlertLifecycleIT.cap(
                                random.nextBoolean() ? "consulate-de" : "x",
                                "Actual",
                                "<circle>" + random.nextDouble() * 200 + "," + random.nextDouble() * 400
                                        + " 1</circle>")
                        .substring(0, 20 + random.nextInt(400)));
                kind = "truncated CAP";
            }
            default -> {
                body = bytes(invalidAlert(random));
                kind = "invalid alert";
            }
        }
        if (signedValid && !kind.equals("invalid alert") && !kind.equals("truncated CAP")) {
            // a mutation may have kept the alert valid: never sign those with the valid key
            signedValid = false;
        }
        Signing signing =
                signedValid ? Signing.VALID : Signing.values()[1 + random.nextInt(Signing.values().length - 1)];
        String idempotencyKey = random.nextInt(4) == 0 ? randomHeader(random) : null;
        MockHttpServletRequestBuilder request = request(contentType, body, signing, idempotencyKey);
        if (random.nextInt(10) == 0) {
            request.header("SOS-Key-Id", randomHeader(random));
        }
        if (random.nextInt(10) == 0) {
            request.header("SOS-Signature", randomHeader(random));
        }
        return new Fuzzed(request, kind + " as " + contentType + " signed " + signing);
    }

    private static String invalidAlert(Random random) {
        String[] types = {"ARMED_ATTACK", "FIRE", "OTHER", "armed", "", "MEDICAL"};
        String lat = String.valueOf(24.75 + random.nextDouble() * 0.5);
        String lon = String.valueOf(66.9 + random.nextDouble() * 0.5);
        String[] violations = {
            "\"drill\":\"" + random.nextInt() + "\"",
            "\"accuracyMeters\":-" + (1 + random.nextInt(1000)),
            "\"severity\":\"" + randomText(random, 5) + "x\"",
            "\"premisesId\":\"nope-" + random.nextInt(1000) + "\"",
            "\"description\":\"" + "\\u000" + random.nextInt(9) + randomText(random, 20) + "\"",
            "\"location\":{\"lat\":" + (100 + random.nextInt(1000)) + ",\"lon\":" + lon + "}"
        };
        String violation = violations[random.nextInt(violations.length)];
        String location =
                violation.startsWith("\"location\"") ? "" : "\"location\":{\"lat\":" + lat + ",\"lon\":" + lon + "},";
        return "{" + location + "\"type\":\"" + types[random.nextInt(types.length)] + "\"," + violation + "}";
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int mutations = 1 + random.nextInt(5);
        for (int i = 0; i < mutations && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, (char) random.nextInt(0x3000));
                default -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return out.toString();
    }

    private static String randomText(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static String randomHeader(Random random) {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(300);
        for (int i = 0; i < n; i++) {
            out.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return out.toString();
    }

    private static MockHttpServletRequestBuilder request(
            String contentType, byte[] body, Signing signing, String idempotencyKey) {
        MockHttpServletRequestBuilder request = post("/api/v1/alerts").content(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        Instant now = Instant.now();
        byte[] secret = bytes(SECRET);
        switch (signing) {
            case VALID -> sign(request, "de-demo-1", RequestSignature.sign(secret, now, body));
            case NONE -> {}
            case WRONG_SECRET -> sign(request, "de-demo-1", RequestSignature.sign(bytes("wrong"), now, body));
            case STALE -> sign(request, "de-demo-1", RequestSignature.sign(secret, now.minusSeconds(301), body));
            case FUTURE -> sign(request, "de-demo-1", RequestSignature.sign(secret, now.plusSeconds(400), body));
            case REVOKED_KEY -> sign(request, "de-demo-0", RequestSignature.sign(secret, now, body));
            case UNKNOWN_KEY -> sign(request, "zz-demo-1", RequestSignature.sign(secret, now, body));
            case MALFORMED_HEADER -> sign(request, "de-demo-1", "v1=deadbeef");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    private static void sign(MockHttpServletRequestBuilder request, String keyId, String signature) {
        request.header(RequestSignature.KEY_ID_HEADER, keyId).header(RequestSignature.SIGNATURE_HEADER, signature);
    }

    private static Case json(String name, String body, int status, String problem) {
        return new Case(name, JSON, bytes(body), Signing.VALID, null, status, problem);
    }

    private static Case cap(String name, String body, int status, String problem) {
        return new Case(name, CAP, bytes(body), Signing.VALID, null, status, problem);
    }

    private static Case signed(String name, Signing signing, int status, String problem) {
        return new Case(name, JSON, bytes(VALID), signing, null, status, problem);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
