package sos.audit;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sos.audit.domain.AnalystTokens;
import sos.audit.domain.AuditStore;
import sos.audit.domain.AuditTrail;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(AuditStore store) {
        return new AuditTrail(store);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AnalystTokens analystTokens(AuditProperties properties) {
        return AnalystTokens.parse(properties.analystToken());
    }
}
