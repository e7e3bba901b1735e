package sos.ingest;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sos.ingest.domain.panel.DispatchProgress;
import sos.ingest.domain.panel.PanelSessions;
import sos.ingest.domain.panel.PanelUser;
import sos.ingest.domain.panel.PanelUsers;
import sos.ingest.domain.panel.PasswordHash;

/** Wires the consulate web panel: its accounts, its sessions and the view of dispatch's progress. */
@Configuration(proxyBeanMethods = false)
class PanelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PanelConfiguration.class);

    @Bean
    PanelUsers panelUsers(PanelProperties panel, IngestProperties properties) {
        SecureRandom random = new SecureRandom();
        int iterations = properties.pinHashIterations();
        var users = panel.users().stream()
                .filter(PanelProperties.User::enabled)
                .map(u -> new PanelUser(
                        u.username(),
                        u.consulateId(),
                        u.displayName(),
                        u.passwordHash() != null && !u.passwordHash().isBlank()
                                ? PasswordHash.parse(u.passwordHash().trim())
                                : PasswordHash.of(u.password(), iterations, random)))
                .toList();
        log.info(
                "consulate panel: {} user(s) {}",
                users.size(),
                users.stream().map(PanelUser::username).toList());
        return new PanelUsers(users, panel.maxFailures(), panel.lockout(), iterations);
    }

    @Bean
    PanelSessions panelSessions(PanelProperties panel) {
        return new PanelSessions(panel.sessionIdle(), panel.sessionMaxAge());
    }

    @Bean
    DispatchProgress dispatchProgress(IngestProperties properties) {
        return new DispatchProgress(properties.acceptedAlertsMaxEntries());
    }
}
