package sos.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import sos.audit.domain.AnalystTokens;

/** The audit API is for analysts only; actuator stays open for probes. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AnalystTokens tokens;

    WebConfiguration(AnalystTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AnalystAuthInterceptor(tokens)).addPathPatterns("/api/v1/audit/**");
    }
}
