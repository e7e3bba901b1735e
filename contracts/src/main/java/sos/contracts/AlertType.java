package sos.contracts;

/** What the consulate reports. Each type carries the severity an alert of it gets unless told otherwise. */
public enum AlertType {
    ARMED_ATTACK(Severity.CRITICAL),
    BOMB_THREAT(Severity.CRITICAL),
    KIDNAPPING(Severity.CRITICAL),
    INTRUSION(Severity.HIGH),
    MOB_OR_PROTEST(Severity.HIGH),
    FIRE(Severity.HIGH),
    MEDICAL(Severity.MEDIUM),
    SUSPICIOUS_ACTIVITY(Severity.MEDIUM),
    OTHER(Severity.MEDIUM);

    private final Severity defaultSeverity;

    AlertType(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
