package sos.ingest.domain.panel;

import java.util.Objects;

/** A member of a consulate's staff who may use the web panel, as that consulate. */
public record PanelUser(String username, String consulateId, String displayName, PasswordHash password) {

    public PanelUser {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("a panel username is 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        if (consulateId == null || consulateId.isBlank()) {
            throw new IllegalArgumentException("panel user " + username + ": consulate id must not be blank");
        }
        Objects.requireNonNull(password, "password");
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
    }

    @Override
    public String toString() {
        return "PanelUser[" + username + ", " + consulateId + "]";
    }
}
