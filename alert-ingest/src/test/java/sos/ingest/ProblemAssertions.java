package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import sos.contracts.EventJson;
import tools.jackson.databind.JsonNode;

/** What every error answer must look like: RFC 9457 problem+json with our type URI, and no stack trace. */
final class ProblemAssertions {

    private ProblemAssertions() {}

    static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://sos.karachi.example/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
        return problem;
    }

    static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }
}
