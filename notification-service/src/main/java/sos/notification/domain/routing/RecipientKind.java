package sos.notification.domain.routing;

/** Who a recipient is. Control-room recipients also get assignments for alerts this instance has not seen. */
public enum RecipientKind {
    CONTROL_ROOM,
    RANGERS_OPS,
    DISTRICT_OPS,
    CONSULATE
}
