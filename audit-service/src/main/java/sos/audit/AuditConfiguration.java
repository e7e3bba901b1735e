package sos.audit;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sos.audit.domain.AuditStore;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.CheckpointSigner;
import sos.audit.domain.CheckpointStore;
import sos.audit.domain.Checkpoints;
import sos.audit.domain.Credentials;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(AuditStore store) {
        return new AuditTrail(store);
    }

    @Bean
    CheckpointSigner checkpointSigner(AuditProperties properties) {
        return new CheckpointSigner(CheckpointKeys.load(properties.checkpoint()));
    }

    @Bean
    Checkpoints checkpoints(AuditStore store, CheckpointStore checkpointStore, CheckpointSigner signer) {
        return new Checkpoints(store, checkpointStore, signer);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Credentials credentials(AuditProperties properties) {
        return Credentials.parse(properties.analystToken(), properties.adminToken(), properties.consulateTokens());
    }
}
