package sos.dispatch.domain;

import java.util.List;

/** The fleet file cannot be used. Carries every problem found, not just the first, so that one fix round suffices. */
public final class InvalidFleetException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    public InvalidFleetException(String source, List<String> problems) {
        super("invalid fleet file " + source + ":\n  - " + String.join("\n  - ", problems));
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
