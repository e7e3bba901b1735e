package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertControllerTest {

    @Test
    void shouldTakeOnlyJsonInUtf8() {
        assertThat(AlertController.isJson("application/json")).isTrue();
        assertThat(AlertController.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(AlertController.isJson("Application/JSON;charset=UTF-8")).isTrue();

        assertThat(AlertController.isJson(null)).isFalse();
        assertThat(AlertController.isJson("text/plain")).isFalse();
        assertThat(AlertController.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(AlertController.isJson("application/json; charset=iso-8859-1"))
                .isFalse();
        assertThat(AlertController.isJson("application/json; charset=no-such-charset"))
                .isFalse();
        assertThat(AlertController.isJson("not a media type")).isFalse();
    }
}
