package sos.notification.domain.routing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.Severity;

/**
 * Reads and validates a routing file (YAML). Every problem is collected, so that one start shows all of them; a file
 * with any problem is refused as a whole. {@code ${NAME:default}} placeholders in values are resolved from the lookup
 * (the environment) first.
 *
 * <pre>
 * districts:                        # optional: coarse boxes, first match wins
 *   - name: SOUTH
 *     south: 24.78
 *     west: 66.95
 *     north: 24.90
 *     east: 67.10
 * recipients:
 *   - id: police-control-room
 *     name: Madadgar 15 police control room
 *     kind: CONTROL_ROOM            # CONTROL_ROOM | RANGERS_OPS | DISTRICT_OPS | CONSULATE
 *     channel: webhook
 *     url: ${SOS_WEBHOOK_BASE_URL:http://127.0.0.1:8090/hooks}/police-control-room
 *     secret: ${SOME_SECRET}        # optional; the service-wide secret otherwise
 *     enabled: true                 # optional
 *     receives: [ALERT_RAISED, UNITS_ASSIGNED]
 *     filter:                       # optional; every part that is set must match
 *       minSeverity: HIGH
 *       alertTypes: [ARMED_ATTACK, BOMB_THREAT]
 *       consulateId: consulate-de   # required for CONSULATE recipients
 *       drills: include             # include | exclude | only
 *       districts: [SOUTH]          # only alerts located in these districts
 *       agencies: [RANGERS]         # assignments only when a unit of these agencies is sent
 * </pre>
 */
public final class RoutingFileParser {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Set<String> ROOT_KEYS = Set.of("districts", "recipients");
    private static final Set<String> DISTRICT_KEYS = Set.of("name", "south", "west", "north", "east");
    private static final Set<String> RECIPIENT_KEYS = Set.of(
            "id",
            "name",
            "kind",
            "channel",
            "url",
            "secret",
            "enabled",
            "receives",
            "filter",
            "phone",
            "email",
            "secondaryChannel",
            "language");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}");
    private static final Set<String> LANGUAGES = Set.of(Recipient.ENGLISH, Recipient.URDU);
    private static final Set<String> FILTER_KEYS =
            Set.of("minSeverity", "alertTypes", "consulateId", "drills", "districts", "agencies");
    private static final Set<String> CHANNELS =
            Set.of(Recipient.WEBHOOK, Recipient.SMS, Recipient.WHATSAPP, Recipient.EMAIL);

    private final Function<String, String> lookup;

    /** @param lookup the value of a placeholder name (an environment variable), or null when it is not set */
    public RoutingFileParser(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * The rules of a routing file.
     *
     * @param source where the text came from, for messages
     * @throws RoutingFileException naming every problem, when there is any
     */
    public RoutingRules parse(String yaml, String source) {
        List<String> problems = new ArrayList<>();
        Object root = load(yaml, problems);
        List<Recipient> recipients = new ArrayList<>();
        Districts districts = Districts.NONE;
        if (root != null) {
            districts = districts(root, problems);
            recipients = recipients(root, problems);
        }
        if (problems.isEmpty()) {
            checkDuplicates(recipients, problems);
            checkDistrictNames(recipients, districts, problems);
            checkLiveAlertsReachSomeone(recipients, problems);
            if (problems.isEmpty()) {
                checkAControlRoomGetsLiveAlerts(recipients, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new RoutingFileException(source, problems);
        }
        return new RoutingRules(recipients, districts);
    }

    private static Object load(String yaml, List<String> problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(yaml);
            if (root == null) {
                problems.add("the file is empty; it must have a list of recipients");
            }
            return root;
        } catch (MarkedYAMLException e) {
            // the problem and position only: the exception's own message quotes the file, which may hold a secret
            Mark mark = e.getProblemMark();
            problems.add("not valid YAML: " + e.getProblem()
                    + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)));
            return null;
        } catch (YAMLException e) {
            problems.add("not valid YAML");
            return null;
        }
    }

    private Districts districts(Object root, List<String> problems) {
        if (!(root instanceof Map<?, ?> rootMap) || rootMap.get("districts") == null) {
            return Districts.NONE;
        }
        if (!(rootMap.get("districts") instanceof List<?> items)) {
            problems.add("'districts' must be a list of {name, south, west, north, east}");
            return Districts.NONE;
        }
        List<District> districts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "districts[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> map)) {
                problems.add(where + ": must be a mapping of name, south, west, north, east");
                continue;
            }
            int before = problems.size();
            unknownKeys(map, DISTRICT_KEYS, where, problems);
            String name = required(map, "name", where, problems);
            if (name != null && !names.add(name)) {
                problems.add(where + ": district '" + name + "' is named twice");
            }
            double south = coordinate(map, "south", -90, 90, where, problems);
            double west = coordinate(map, "west", -180, 180, where, problems);
            double north = coordinate(map, "north", -90, 90, where, problems);
            double east = coordinate(map, "east", -180, 180, where, problems);
            if (problems.size() == before && (south >= north || west >= east)) {
                problems.add(where + " (" + name + "): south must be below north and west below east");
            }
            if (problems.size() == before) {
                districts.add(new District(name, south, west, north, east));
            }
        }
        return new Districts(districts);
    }

    private double coordinate(Map<?, ?> map, String key, double min, double max, String where, List<String> problems) {
        String text = text(map, key, where, problems);
        if (text == null) {
            problems.add(where + ": " + key + " is missing");
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where + ": " + key + " must be a number from " + (int) min + " to " + (int) max);
        return Double.NaN;
    }

    private static void checkDistrictNames(List<Recipient> recipients, Districts districts, List<String> problems) {
        for (Recipient recipient : recipients) {
            for (String name : recipient.filter().districts()) {
                if (!districts.knows(name)) {
                    problems.add("recipients (" + recipient.id() + ") filter: unknown district '" + name
                            + "' (not in the file's 'districts')");
                }
            }
        }
    }

    /** Live alerts must reach a control room; the rules fall back to the control rooms on any gap. */
    private static void checkAControlRoomGetsLiveAlerts(List<Recipient> recipients, List<String> problems) {
        boolean any = recipients.stream()
                .anyMatch(r -> r.receives(EventKind.ALERT_RAISED)
                        && r.kind() == RecipientKind.CONTROL_ROOM
                        && r.filter().drills().admits(false));
        if (!any) {
            problems.add("no enabled CONTROL_ROOM recipient gets live alerts; every live alert must reach a control"
                    + " room");
        }
    }

    private List<Recipient> recipients(Object root, List<String> problems) {
        if (!(root instanceof Map<?, ?> rootMap)) {
            problems.add("the top level must be a mapping with the key 'recipients'");
            return List.of();
        }
        unknownKeys(rootMap, ROOT_KEYS, "the top level", problems);
        Object list = rootMap.get("recipients");
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            problems.add("'recipients' must be a non-empty list");
            return List.of();
        }
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Recipient recipient = recipient(items.get(i), "recipients[" + i + "]", problems);
            if (recipient != null) {
                recipients.add(recipient);
            }
        }
        return recipients;
    }

    private Recipient recipient(Object item, String where, List<String> problems) {
        if (!(item instanceof Map<?, ?> map)) {
            problems.add(where + ": must be a mapping with id, name, kind, channel, url and receives");
            return null;
        }
        int before = problems.size();
        String id = text(map, "id", where, problems);
        if (id != null) {
            where = where + " (" + id + ")";
        }
        unknownKeys(map, RECIPIENT_KEYS, where, problems);
        if (id == null) {
            problems.add(where + ": id is missing");
        } else if (!ID.matcher(id).matches()) {
            problems.add(where + ": id '" + id
                    + "' must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String name = required(map, "name", where, problems);
        RecipientKind kind =
                enumValue(RecipientKind.class, text(map, "kind", where, problems), "kind", where, problems);
        if (kind == null && map.get("kind") == null) {
            problems.add(where + ": kind is missing (one of " + names(RecipientKind.class) + ")");
        }
        String channel = required(map, "channel", where, problems);
        if (channel != null && !CHANNELS.contains(channel)) {
            problems.add(where + ": channel '" + channel + "' is not supported (supported: " + CHANNELS + ")");
        }
        String secondary = text(map, "secondaryChannel", where, problems);
        if (secondary != null && !CHANNELS.contains(secondary)) {
            problems.add(
                    where + ": secondaryChannel '" + secondary + "' is not supported (supported: " + CHANNELS + ")");
        }
        Set<String> channels = new HashSet<>();
        channels.add(channel);
        channels.add(secondary);
        String urlText = text(map, "url", where, problems);
        URI url = urlText != null || channels.contains(Recipient.WEBHOOK) ? url(urlText, where, problems) : null;
        String phone = text(map, "phone", where, problems);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(where + ": phone must be an E.164 number such as +923001234567");
        } else if (phone == null && (channels.contains(Recipient.SMS) || channels.contains(Recipient.WHATSAPP))) {
            problems.add(where + ": phone is missing (an sms or whatsapp recipient needs one)");
        }
        String email = text(map, "email", where, problems);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(where + ": email is not an e-mail address");
        } else if (email == null && channels.contains(Recipient.EMAIL)) {
            problems.add(where + ": email is missing (an email recipient needs one)");
        }
        String language = text(map, "language", where, problems);
        if (language != null && !LANGUAGES.contains(language)) {
            problems.add(where + ": language '" + language + "' is not supported (one of en, ur)");
        }
        String secret = text(map, "secret", where, problems);
        if (secret != null && secret.isBlank()) {
            problems.add(where + ": secret is empty; leave it out to use the service-wide secret");
        }
        boolean enabled = bool(map, "enabled", true, where, problems);
        int beforeReceives = problems.size();
        Set<EventKind> receives = enumSet(EventKind.class, map, "receives", where, problems);
        if (receives.isEmpty() && problems.size() == beforeReceives) {
            problems.add(where + ": receives is missing or empty (a list of " + names(EventKind.class) + ")");
        }
        RecipientFilter filter = filter(map.get("filter"), where, problems);
        if (kind == RecipientKind.CONSULATE && filter != null && filter.consulateId() == null) {
            problems.add(where + ": a CONSULATE recipient needs filter.consulateId, so that it gets only its own"
                    + " consulate's alerts");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Recipient(
                id, name, kind, channel, url, secret, receives, filter, enabled, phone, email, secondary, language);
    }

    private RecipientFilter filter(Object value, String where, List<String> problems) {
        if (value == null) {
            return RecipientFilter.EVERYTHING;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(where + ": filter must be a mapping of " + FILTER_KEYS);
            return null;
        }
        String at = where + " filter";
        unknownKeys(map, FILTER_KEYS, at, problems);
        Severity minSeverity =
                enumValue(Severity.class, text(map, "minSeverity", at, problems), "minSeverity", at, problems);
        Set<AlertType> alertTypes = enumSet(AlertType.class, map, "alertTypes", at, problems);
        String consulateId = text(map, "consulateId", at, problems);
        if (consulateId != null && consulateId.isBlank()) {
            problems.add(at + ": consulateId is empty");
        }
        DrillPolicy drills = enumValue(DrillPolicy.class, text(map, "drills", at, problems), "drills", at, problems);
        Set<String> districts = names(map, "districts", at, problems);
        Set<Agency> agencies = enumSet(Agency.class, map, "agencies", at, problems);
        return new RecipientFilter(
                minSeverity,
                alertTypes,
                consulateId,
                drills == null ? DrillPolicy.INCLUDE : drills,
                districts,
                agencies);
    }

    private Set<String> names(Map<?, ?> map, String key, String where, List<String> problems) {
        Object value = map.get(key);
        if (value == null) {
            return Set.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        Set<String> result = new java.util.LinkedHashSet<>();
        for (Object item : items) {
            if (item == null || item instanceof Map || item instanceof List) {
                problems.add(where + ": " + key + " must be a list of names");
                continue;
            }
            result.add(Placeholders.resolve(String.valueOf(item), lookup, where + " " + key, problems)
                    .trim());
        }
        return result;
    }

    private static URI url(String value, String where, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(where + ": url is missing (a webhook recipient needs an http or https url)");
            return null;
        }
        String shown = withoutQuery(value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problems.add(where + ": url '" + shown + "' is not a valid URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            problems.add(where + ": url '" + shown + "' must be an absolute http or https URL");
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            problems.add(where + ": url '" + shown + "' has no host");
            return null;
        }
        if (uri.getFragment() != null) {
            problems.add(where + ": url '" + shown + "' must not have a fragment");
            return null;
        }
        return uri;
    }

    /** A URL as shown in messages: its query may carry a token, so it is left out. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    private void checkDuplicates(List<Recipient> recipients, List<String> problems) {
        Map<String, Long> counts = recipients.stream()
                .collect(Collectors.groupingBy(Recipient::id, LinkedHashMap::new, Collectors.counting()));
        counts.forEach((id, count) -> {
            if (count > 1) {
                problems.add("recipient id '" + id + "' is used " + count + " times; ids must be unique");
            }
        });
    }

    /** Every live alert, of any type and severity, from any consulate, must reach at least one recipient. */
    private static void checkLiveAlertsReachSomeone(List<Recipient> recipients, List<String> problems) {
        List<String> uncovered = new ArrayList<>();
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) {
                boolean covered = recipients.stream()
                        .filter(r -> r.receives(EventKind.ALERT_RAISED))
                        .anyMatch(
                                r -> r.filter().isUnconditional() && r.filter().matches(type, severity, null, false));
                if (!covered) {
                    uncovered.add(type + "/" + severity);
                }
            }
        }
        int all = AlertType.values().length * Severity.values().length;
        if (uncovered.size() == all) {
            problems.add("no enabled recipient gets live alerts: at least one needs receives ALERT_RAISED, no"
                    + " consulateId filter and drills other than 'only'");
        } else if (!uncovered.isEmpty()) {
            problems.add("live alerts of these types/severities reach no recipient (consulate-only and district-only"
                    + " recipients do not count): " + String.join(", ", uncovered));
        }
    }

    private String required(Map<?, ?> map, String key, String where, List<String> problems) {
        String value = text(map, key, where, problems);
        if (value == null || value.isBlank()) {
            problems.add(where + ": " + key + " is missing");
            return null;
        }
        return value;
    }

    /** The value of a scalar key with placeholders resolved, or null when the key is absent. */
    private String text(Map<?, ?> map, String key, String where, List<String> problems) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(where + ": " + key + " must be a single value");
            return null;
        }
        return Placeholders.resolve(String.valueOf(value), lookup, where + " " + key, problems)
                .trim();
    }

    private boolean bool(Map<?, ?> map, String key, boolean absent, String where, List<String> problems) {
        if (map.get(key) instanceof Boolean value) {
            return value;
        }
        String value = text(map, key, where, problems);
        if (value == null) {
            return absent;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problems.add(where + ": " + key + " must be true or false, was '" + value + "'");
                yield absent;
            }
        };
    }

    private <E extends Enum<E>> Set<E> enumSet(
            Class<E> type, Map<?, ?> map, String key, String where, List<String> problems) {
        Object value = map.get(key);
        if (value == null) {
            return Set.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        Set<E> result = EnumSet.noneOf(type);
        Set<String> seen = new HashSet<>();
        for (Object item : items) {
            if (item == null || item instanceof Map || item instanceof List) {
                problems.add(where + ": " + key + " must be a list of " + names(type));
                continue;
            }
            String text = Placeholders.resolve(String.valueOf(item), lookup, where + " " + key, problems)
                    .trim();
            E parsed = enumValue(type, text, key, where, problems);
            if (parsed != null && !seen.add(text)) {
                problems.add(where + ": " + key + " names " + text + " twice");
            }
            if (parsed != null) {
                result.add(parsed);
            }
        }
        return result;
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, String text, String key, String where, List<String> problems) {
        if (text == null) {
            return null;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalized)) {
                return constant;
            }
        }
        problems.add(where + ": unknown " + key + " '" + text + "' (one of " + names(type) + ")");
        return null;
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> allowed, String where, List<String> problems) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(where + ": unknown key '" + key + "' (allowed: "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
