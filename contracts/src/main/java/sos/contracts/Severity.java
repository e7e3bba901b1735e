package sos.contracts;

/** Ordered from most to least urgent. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW
}
