package sos.dispatch;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final DispatchProperties properties;

    WebConfiguration(DispatchProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new OpsTokenInterceptor(
                        properties.opsToken(), new UnitTokens(properties.unitTokenSecret(), properties.unitTokens())))
                .addPathPatterns("/api/**");
    }
}
