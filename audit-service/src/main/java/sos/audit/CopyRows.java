package sos.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows in PostgreSQL's {@code COPY ... FROM STDIN} text format: columns split by a tab, rows ended by a newline, null as
 * {@code \N}, and backslash, tab, newline and carriage return escaped with a backslash.
 */
final class CopyRows {

    private final StringBuilder text;
    private boolean rowStarted;

    CopyRows(int capacity) {
        this.text = new StringBuilder(capacity);
    }

    /** The next column of the current row; null is SQL NULL. */
    CopyRows value(String value) {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            text.append("\\N");
            return this;
        }
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            text.append(value); // the usual case (JSON from Jackson escapes control characters): no escaping
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    void end() {
        text.append('\n');
        rowStarted = false;
    }

    /** The rows as they go to PostgreSQL. */
    String text() {
        return text.toString();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    void copyInto(CopyManager copy, String sql) throws SQLException {
        if (isEmpty()) {
            return;
        }
        try {
            copy.copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    /**
     * A {@code COPY ... FROM STDIN} that rows are streamed to: {@link #sendWhenFull} sends what has been written once
     * it reaches 64 KiB, so that PostgreSQL stores rows while the caller prepares the next ones. Closing it without
     * {@link #finish} cancels the copy.
     */
    static Stream stream(CopyManager copy, String sql) throws SQLException {
        return new Stream(copy.copyIn(sql));
    }

    static final class Stream implements AutoCloseable {

        private static final int CHUNK = 1 << 16;

        private final CopyIn copyIn;
        private final CopyRows rows = new CopyRows(CHUNK + 8192);

        private Stream(CopyIn copyIn) {
            this.copyIn = copyIn;
        }

        /** Where the next rows are written. */
        CopyRows rows() {
            return rows;
        }

        void sendWhenFull() throws SQLException {
            if (rows.text.length() >= CHUNK) {
                send();
            }
        }

        /** Sends the rest and ends the copy. */
        void finish() throws SQLException {
            send();
            copyIn.endCopy();
        }

        private void send() throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            byte[] bytes = rows.text.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            rows.text.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    /** A {@code text[]} literal: every element double-quoted, with quote and backslash escaped. */
    static String textArray(List<String> values) {
        StringBuilder out = new StringBuilder(2 + values.size() * 16).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"');
            String value = values.get(i);
            for (int j = 0; j < value.length(); j++) {
                char c = value.charAt(j);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** A {@code bytea} in hex input form. */
    static String bytea(byte[] bytes) {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
