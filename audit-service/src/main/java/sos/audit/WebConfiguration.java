package sos.audit;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import sos.audit.domain.Credentials;

/**
 * The audit API is for authenticated callers only, by role; so are the explorer's pages (by session); actuator and the
 * OpenAPI document stay open.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final Credentials credentials;
    private final QueryLog queryLog;
    private final Clock clock;
    private final ExplorerSessions sessions;

    WebConfiguration(Credentials credentials, QueryLog queryLog, Clock clock, ExplorerSessions sessions) {
        this.credentials = credentials;
        this.queryLog = queryLog;
        this.clock = clock;
        this.sessions = sessions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AccessInterceptor(credentials, queryLog, clock))
                .addPathPatterns("/api/v1/audit/**");
        registry.addInterceptor(new ExplorerAccessInterceptor(credentials, queryLog, clock, sessions))
                .addPathPatterns("/explorer", "/explorer/**")
                .excludePathPatterns("/explorer/sign-in", "/explorer/assets/**");
    }

    @Bean
    FilterRegistrationBean<ExplorerHeaders> explorerHeaders() {
        FilterRegistrationBean<ExplorerHeaders> registration = new FilterRegistrationBean<>(new ExplorerHeaders());
        registration.addUrlPatterns("/explorer", "/explorer/*");
        return registration;
    }
}
