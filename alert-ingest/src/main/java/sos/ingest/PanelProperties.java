package sos.ingest;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sos.ingest.panel.*}: the consulate web panel at {@code /panel} (see application.yml for the environment
 * variables).
 *
 * @param users the panel's accounts; a user without password and password hash is left out (disabled)
 * @param maxFailures wrong passwords for one username within {@code lockout} before it is locked
 * @param lockout how long failures count, and so how long a lock lasts at most
 * @param sessionIdle a session ends after this long without a request
 * @param sessionMaxAge a session ends this long after sign-in in any case
 * @param secureCookie the session cookie carries {@code Secure} (set it wherever the panel is served over HTTPS)
 */
@ConfigurationProperties("sos.ingest.panel")
record PanelProperties(
        List<User> users,
        @DefaultValue("5") int maxFailures,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("30m") Duration sessionIdle,
        @DefaultValue("12h") Duration sessionMaxAge,
        @DefaultValue("false") boolean secureCookie) {

    PanelProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param password in clear, hashed at startup (local and demo use); blank: use {@code passwordHash}
     * @param passwordHash {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}
     */
    record User(String username, String consulateId, String displayName, String password, String passwordHash) {

        boolean enabled() {
            return (password != null && !password.isBlank()) || (passwordHash != null && !passwordHash.isBlank());
        }

        @Override
        public String toString() {
            return "User[" + username + ", " + consulateId + "]";
        }
    }
}
