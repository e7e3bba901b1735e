package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    @Test
    void shouldEscapeBackslashTabNewlineAndCarriageReturnAndWriteNullAsBackslashN() {
        CopyRows rows = new CopyRows(64);
        rows.value("plain")
                .value(null)
                .value("a\\b\tc\nd\re")
                .value("{\"k\":\"v \\\"q\\\"\"}")
                .end();
        rows.value("second").end();

        assertThat(rows.text()).isEqualTo("plain\t\\N\ta\\\\b\\tc\\nd\\re\t{\"k\":\"v \\\\\"q\\\\\"\"}\nsecond\n");
    }

    @Test
    void shouldWriteTextArraysWithEveryElementQuotedAndByteaAsHex() {
        assertThat(CopyRows.textArray(List.of())).isEqualTo("{}");
        assertThat(CopyRows.textArray(List.of("KHI-PL-1", "a\"b", "c\\d")))
                .isEqualTo("{\"KHI-PL-1\",\"a\\\"b\",\"c\\\\d\"}");
        assertThat(CopyRows.bytea(new byte[] {0, (byte) 0xff, 0x10})).isEqualTo("\\x00ff10");
    }
}
