package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ApiExceptionHandlerTest {

    @Test
    void shouldAnswerAnUnexpectedErrorWithAGenericProblemAndNoInternals() {
        ResponseEntity<Object> response =
                new ApiExceptionHandler().unexpected(new IllegalStateException("db password is hunter2"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType()).hasToString("https://sos.karachi.example/problems/internal-error");
        assertThat(problem.getDetail()).isEqualTo("An unexpected error occurred.");
        assertThat(problem.toString()).doesNotContain("hunter2", "IllegalStateException");
    }
}
