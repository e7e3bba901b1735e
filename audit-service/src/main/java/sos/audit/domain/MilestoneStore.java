package sos.audit.domain;

import java.time.Instant;
import java.util.List;

/** The response milestones of alerts, read from the trail. */
public interface MilestoneStore {

    /**
     * Alerts raised in [from, to), oldest first.
     *
     * @param drill null for drills and live alerts alike
     * @param consulateId null for every consulate
     */
    List<AlertMilestones> milestones(Instant from, Instant to, Boolean drill, String consulateId);

    /** The consulate's name as its latest {@code AlertRaised} on record gave it, if any. */
    java.util.Optional<String> consulateName(String consulateId);
}
