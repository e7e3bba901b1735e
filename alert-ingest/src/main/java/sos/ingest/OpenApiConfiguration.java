package sos.ingest;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sos.contracts.RequestSignature;

/** The OpenAPI document ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI ingestOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("alert-ingest")
                        .version("v1")
                        .description("The only door for alerts of the SOS platform. Every request is signed: "
                                + RequestSignature.KEY_ID_HEADER + ": <key id> and " + RequestSignature.SIGNATURE_HEADER
                                + ": t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")> (empty body"
                                + " for GET). Errors are application/problem+json with a stable type URI."))
                .components(new Components()
                        .addSecuritySchemes(
                                "keyId",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(RequestSignature.KEY_ID_HEADER))
                        .addSecuritySchemes(
                                "signature",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(RequestSignature.SIGNATURE_HEADER)
                                        .description("t=<unix seconds>,v1=<hex HMAC-SHA256>")))
                .addSecurityItem(new SecurityRequirement().addList("keyId").addList("signature"));
    }

    /** Request body shapes, for the document only (the controller reads the raw bytes it verifies). */
    record AlertBody(
            String type,
            LatLon location,
            Double accuracyMeters,
            String premisesId,
            String description,
            Boolean drill,
            String severity) {}

    record LatLon(double lat, double lon) {}

    record LocationBody(LatLon location, Double accuracyMeters) {}

    record CancelBody(String pin, String reason) {}
}
