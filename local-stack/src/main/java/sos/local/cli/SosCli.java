package sos.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sos.contracts.EventJson;
import sos.local.Endpoints;
import tools.jackson.databind.JsonNode;

/**
 * The {@code sos} command: sends correctly signed alerts to a running stack and prints their timelines, so that nobody
 * computes an HMAC by hand to try the product. It finds the stack through {@code .sos-local/endpoints.json}.
 */
public final class SosCli {

    private static final String USAGE = """
            usage: ./sos <command> [options]

              up [--data-dir DIR] [--random-ports] [--instances N] [--webhook-base-url URL]
                                  build if needed and start the whole stack in the foreground (Ctrl-C stops it)
                                  --instances N (or SOS_INSTANCES=N): N processes of every service, the
                                  second on 8181-8184, the third on 8281-8284 ...
              demo [--type TYPE]  send a signed demo SOS from the demo consulate and print its timeline
              alert --type TYPE --lat LAT --lon LON [--description TEXT] [--drill] [--severity S]
                                  send a signed alert and print the answer
              locate ALERT_ID --lat LAT --lon LON [--accuracy METERS]
                                  send a new position of an open alert (a convoy on the move)
              cancel ALERT_ID [--reason TEXT]
                                  cancel an alert with the consulate's PIN, read from SOS_PIN
                                  (or --pin PIN; default: the demo PIN in endpoints.json)
              status [ALERT_ID]   print one alert, or the consulate's open alerts
              timeline ALERT_ID   print an alert's audit timeline
              help                this text

            Options for demo, alert, locate, cancel, status and timeline: --data-dir DIR (default .sos-local at the repository root)
            Alert types: ARMED_ATTACK BOMB_THREAT INTRUSION MOB_OR_PROTEST KIDNAPPING FIRE MEDICAL
                         SUSPICIOUS_ACTIVITY OTHER
            """;

    /** The demo consulate's chancery in Clifton, Karachi. */
    private static final double DEMO_LAT = 24.8138;

    private static final double DEMO_LON = 67.0300;

    private final PrintStream out;
    private final PrintStream err;

    SosCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static int run(String[] args) {
        return new SosCli(System.out, System.err).execute(args);
    }

    int execute(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Map<String, String> options = options(args);
            return switch (args[0]) {
                case "demo" -> demo(options);
                case "alert" -> alert(options);
                case "timeline" -> timeline(options);
                case "locate" -> locate(options);
                case "cancel" -> cancel(options);
                case "status" -> status(options);
                default -> {
                    err.println("unknown command: " + args[0]);
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("could not reach the stack: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int demo(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String type = options.getOrDefault("type", "ARMED_ATTACK");
        String body = alertJson(type, DEMO_LAT, DEMO_LON, "Demo SOS from the ./sos CLI", false, null);
        out.println("Sending a signed " + type + " SOS as " + endpoints.demo().consulateId() + " (key "
                + endpoints.demo().keyId() + ") to " + endpoints.ingest());
        SosClient client = client(endpoints);
        long sent = System.nanoTime();
        SosClient.Response answer = client.raiseAlert(body);
        out.printf("  -> %d in %.0f ms: %s%n", answer.status(), (System.nanoTime() - sent) / 1e6, answer.body());
        if (answer.status() != 202) {
            return 1;
        }
        JsonNode accepted = EventJson.mapper().readTree(answer.body());
        String alertId = accepted.path("alertId").asString();
        if (accepted.path("repeatPress").asBoolean()) {
            out.println("The demo consulate already has an open alert: this press was attached to it as press "
                    + accepted.path("pressCount").asInt() + " (one incident, never two). For a new incident, first: "
                    + "./sos cancel " + alertId);
        }
        out.println("Waiting for dispatch, notifications and the audit trail ...");
        JsonNode timeline = awaitTimeline(client, alertId, Duration.ofSeconds(30));
        printTimeline(alertId, timeline);
        boolean complete =
                has(timeline, "AlertRaised") && has(timeline, "UnitsAssigned") && has(timeline, "NotificationSent");
        if (!complete) {
            err.println("The timeline is not complete yet (see the services' logs under .sos-local/logs).");
            return 1;
        }
        out.println("Accepted, assigned, notified and audited.");
        return 0;
    }

    private int alert(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String type = required(options, "type");
        double lat = number(required(options, "lat"), "lat");
        double lon = number(required(options, "lon"), "lon");
        String body = alertJson(
                type, lat, lon, options.get("description"), options.containsKey("drill"), options.get("severity"));
        SosClient.Response answer = client(endpoints).raiseAlert(body);
        out.println(answer.status() + " " + answer.body());
        return answer.status() == 202 ? 0 : 1;
    }

    private int locate(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String alertId = required(options, "_1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "location",
                Map.of("lat", number(required(options, "lat"), "lat"), "lon", number(required(options, "lon"), "lon")));
        if (options.containsKey("accuracy")) {
            body.put("accuracyMeters", number(options.get("accuracy"), "accuracy"));
        }
        SosClient.Response answer =
                client(endpoints).updateLocation(alertId, EventJson.mapper().writeValueAsString(body));
        out.println(answer.status() + " " + answer.body());
        return answer.status() == 202 ? 0 : 1;
    }

    private int cancel(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String alertId = required(options, "_1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pin", pin(options, endpoints));
        if (options.containsKey("reason")) {
            body.put("reason", options.get("reason"));
        }
        SosClient.Response answer =
                client(endpoints).cancelAlert(alertId, EventJson.mapper().writeValueAsString(body));
        out.println(answer.status() + " " + answer.body());
        return answer.status() == 202 ? 0 : 1;
    }

    private int status(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String alertId = options.get("_1");
        SosClient client = client(endpoints);
        SosClient.Response answer = alertId == null ? client.openAlerts() : client.alertStatus(alertId);
        out.println(answer.status() + " " + answer.body());
        return answer.status() == 200 ? 0 : 1;
    }

    /** The PIN: --pin, else SOS_PIN, else the local stack's demo PIN from endpoints.json. Never printed. */
    private static String pin(Map<String, String> options, Endpoints endpoints) {
        if (options.containsKey("pin")) {
            return options.get("pin");
        }
        for (String variable : new String[] {"SOS_PIN", "SOS_DEMO_PIN"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        if (endpoints.demo().pin() != null) {
            return endpoints.demo().pin();
        }
        throw new IllegalArgumentException("no PIN: give --pin PIN or set SOS_PIN");
    }

    private int timeline(Map<String, String> options) throws IOException, InterruptedException {
        Endpoints endpoints = endpoints(options);
        String alertId = required(options, "_1");
        SosClient.Response answer = client(endpoints).timeline(alertId);
        if (answer.status() != 200) {
            err.println(answer.status() + " " + answer.body());
            return 1;
        }
        printTimeline(alertId, EventJson.mapper().readTree(answer.body()));
        return 0;
    }

    private JsonNode awaitTimeline(SosClient client, String alertId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            SosClient.Response answer = client.timeline(alertId);
            if (answer.status() == 200) {
                last = EventJson.mapper().readTree(answer.body());
                if (has(last, "UnitsAssigned")
                        && count(last, "NotificationSent") + count(last, "NotificationFailed") >= 2) {
                    Thread.sleep(300); // let the last notifications land too
                    return EventJson.mapper().readTree(client.timeline(alertId).body());
                }
            }
            Thread.sleep(150);
        }
        return last;
    }

    void printTimeline(String alertId, JsonNode timeline) {
        out.println();
        out.println("Timeline of alert " + alertId);
        if (timeline == null || !timeline.path("events").isArray()) {
            out.println("  (no events yet)");
            return;
        }
        Instant start = null;
        for (JsonNode entry : timeline.path("events")) {
            JsonNode event = entry.path("event");
            Instant at = Instant.parse(event.path("occurredAt").asString());
            if (start == null) {
                start = at;
            }
            long offset = Duration.between(start, at).toMillis();
            out.printf("  +%6d ms  %-18s %s%n", offset, event.path("eventType").asString(), describe(event));
        }
    }

    private static String describe(JsonNode event) {
        return switch (event.path("eventType").asString()) {
            case "AlertRaised" ->
                String.format(
                        "%s %s from %s at (%.4f, %.4f)%s",
                        event.path("severity").asString(),
                        event.path("type").asString(),
                        event.path("consulateName")
                                .asString(event.path("consulateId").asString()),
                        event.path("location").path("lat").asDouble(),
                        event.path("location").path("lon").asDouble(),
                        event.path("drill").asBoolean() ? " [DRILL]" : "");
            case "UnitsAssigned" -> {
                List<String> units = new ArrayList<>();
                for (JsonNode unit : event.path("assignments")) {
                    units.add(String.format(
                            "%s %s (%s, %.1f km, ETA %d min)",
                            unit.path("agency").asString(),
                            unit.path("callSign").asString(),
                            unit.path("capability").asString(),
                            unit.path("distanceKm").asDouble(),
                            (unit.path("etaSeconds").asInt() + 59) / 60));
                }
                yield units.isEmpty()
                        ? "NO UNIT AVAILABLE (" + event.path("requested").asInt() + " requested)"
                        : String.join("; ", units);
            }
            case "NotificationSent" ->
                String.format(
                        "%s of %s by %s (HTTP %d, attempt %d)",
                        event.path("recipientId").asString(),
                        event.path("subjectEventType").asString(),
                        event.path("channel").asString(),
                        event.path("statusCode").asInt(),
                        event.path("attempts").asInt());
            case "NotificationFailed" ->
                String.format(
                        "%s of %s by %s FAILED after %d attempts: %s",
                        event.path("recipientId").asString(),
                        event.path("subjectEventType").asString(),
                        event.path("channel").asString(),
                        event.path("attempts").asInt(),
                        event.path("reason").asString());
            case "AlertLocationUpdated" ->
                String.format(
                        "moved to (%.4f, %.4f)",
                        event.path("location").path("lat").asDouble(),
                        event.path("location").path("lon").asDouble());
            case "AlertRepeatPressed" -> "press " + event.path("pressCount").asInt() + " on the open alert";
            case "AlertCancelled" ->
                "cancelled with the PIN"
                        + (event.path("reason").isMissingNode()
                                ? ""
                                : ": " + event.path("reason").asString());
            case "DuressSignalled" -> "DURESS: cancelled with the duress PIN; everything escalates";
            case "AssignmentUpdated" ->
                event.path("unitId").asString() + " " + event.path("change").asString()
                        + (event.path("reason").isMissingNode()
                                ? ""
                                : " (" + event.path("reason").asString() + ")");
            case "BetterUnitProposed" ->
                "proposed " + event.path("proposed").path("callSign").asString() + " instead of "
                        + event.path("currentUnitId").asString();
            case "UnitsStoodDown", "AlertEscalated" ->
                event.path("reason").asString(event.path("cause").asString(""));
            case "NotificationAcknowledged" ->
                event.path("recipientId").asString() + " acknowledged by "
                        + event.path("via").asString();
            default -> event.toString();
        };
    }

    private static boolean has(JsonNode timeline, String eventType) {
        return count(timeline, eventType) > 0;
    }

    private static int count(JsonNode timeline, String eventType) {
        int n = 0;
        if (timeline != null) {
            for (JsonNode entry : timeline.path("events")) {
                if (eventType.equals(entry.path("event").path("eventType").asString())) {
                    n++;
                }
            }
        }
        return n;
    }

    static String alertJson(String type, double lat, double lon, String description, boolean drill, String severity) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("type", type);
        alert.put("location", Map.of("lat", lat, "lon", lon));
        if (severity != null) {
            alert.put("severity", severity);
        }
        if (description != null) {
            alert.put("description", description);
        }
        alert.put("drill", drill);
        return EventJson.mapper().writeValueAsString(alert);
    }

    private static SosClient client(Endpoints endpoints) {
        return new SosClient(
                endpoints.ingest(),
                endpoints.audit(),
                endpoints.demo().keyId(),
                endpoints.demo().secret(),
                endpoints.demo().analystToken());
    }

    private static Endpoints endpoints(Map<String, String> options) throws IOException {
        Path dataDir = options.containsKey("data-dir")
                ? Path.of(options.get("data-dir"))
                : sos.local.StackOptions.defaults(defaultDataDir(), Path.of(""), null, 0)
                        .dataDir();
        Path file = Endpoints.fileIn(dataDir);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "no running stack found (" + file + " is missing). Start one with: ./sos up");
        }
        return Endpoints.read(file);
    }

    private static Path defaultDataDir() {
        return sos.local.RepoRoot.find().resolve(".sos-local");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        int positional = 0;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--drill")) {
                options.put("drill", "true");
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg.substring(2), args[++i]);
            } else {
                options.put("_" + (++positional), arg);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    (name.startsWith("_") ? "an argument" : "--" + name) + " is required; see ./sos help");
        }
        return value;
    }

    private static double number(String value, String name) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was " + value);
        }
    }
}
