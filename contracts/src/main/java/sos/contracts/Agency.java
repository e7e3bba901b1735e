package sos.contracts;

public enum Agency {
    POLICE,
    RANGERS
}
