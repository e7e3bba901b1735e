package sos.notification.domain.routing;

import java.util.List;

/** A routing file that cannot be used, with every problem found in it. */
public final class RoutingFileException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    public RoutingFileException(String source, List<String> problems) {
        super("invalid routing file " + source + ":\n  - " + String.join("\n  - ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }
}
