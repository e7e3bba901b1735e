package sos.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

    private final DispatchProperties properties;
    private final Gateways gateways;

    WebConfiguration(DispatchProperties properties) {
        this.properties = properties;
        this.gateways = new Gateways(properties.gatewayTokenSecret(), properties.gateways());
        // names and scopes only, never a token
        gateways.scopes()
                .forEach(scope -> log.info(
                        "AVL gateway {} may report positions of {} units", scope.gatewayId(), scope.agencies()));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new OpsTokenInterceptor(
                        properties.opsToken(),
                        new UnitTokens(properties.unitTokenSecret(), properties.unitTokens()),
                        gateways))
                .addPathPatterns("/api/**");
    }
}
