package sos.audit;

import java.time.Clock;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import sos.audit.domain.Credentials;

/** The audit API is for authenticated callers only, by role; actuator and the OpenAPI document stay open. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final Credentials credentials;
    private final QueryLog queryLog;
    private final Clock clock;

    WebConfiguration(Credentials credentials, QueryLog queryLog, Clock clock) {
        this.credentials = credentials;
        this.queryLog = queryLog;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AccessInterceptor(credentials, queryLog, clock))
                .addPathPatterns("/api/v1/audit/**");
    }
}
