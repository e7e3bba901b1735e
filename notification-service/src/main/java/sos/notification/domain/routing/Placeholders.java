package sos.notification.domain.routing;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} in a value from a lookup (the environment). The default is
 * everything after the first colon, so it may itself be a URL.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::([^}]*))?}");

    private Placeholders() {}

    /** The resolved value; each placeholder without a value or default adds a problem naming {@code where}. */
    static String resolve(String value, Function<String, String> lookup, String where, List<String> problems) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String found = lookup.apply(name);
            if (found == null) {
                found = matcher.group(2);
            }
            if (found == null) {
                problems.add(where + ": ${" + name + "} is not set and has no default");
                found = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
