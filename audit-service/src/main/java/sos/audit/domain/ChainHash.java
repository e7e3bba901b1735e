package sos.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of the trail: {@code hash(n) = SHA-256(hash(n - 1) || canonical(row n))}, with {@code hash(0)} 32 zero
 * bytes ({@link #GENESIS}) and rows chained in {@code seq} order (1, 2, 3 ... without gaps).
 *
 * <p>The canonical form of a row (version 1) is the concatenation of these fields, each written as a netstring
 * ({@code <byte length in decimal>:<UTF-8 bytes>,}), so that no field can bleed into the next:
 *
 * <ol>
 *   <li>{@code "sos-audit-1"} (the version of this form)
 *   <li>seq, decimal
 *   <li>event id, lower-case UUID
 *   <li>event type
 *   <li>alert id, lower-case UUID, or empty
 *   <li>aggregate key
 *   <li>topic
 *   <li>Kafka partition, decimal
 *   <li>Kafka offset, decimal
 *   <li>occurred at, UTC, {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} (always six fraction digits: PostgreSQL keeps
 *       microseconds)
 *   <li>recorded at, the same way
 *   <li>consulate id, or empty
 *   <li>alert type, or empty
 *   <li>drill: {@code true}, {@code false}, or empty when unknown
 *   <li>agencies: a netstring of the concatenated netstrings of each agency, in stored order
 *   <li>unit ids: likewise
 *   <li>payload: the stored JSON text, byte for byte
 * </ol>
 *
 * <p>A row with a district (its alert's {@code AlertRaised} named one) is hashed in version 2 of the form:
 * {@code "sos-audit-2"} in place of the version, and the district as one more field right after drill. A row without
 * one is hashed exactly as in version 1, so rows recorded before districts existed verify unchanged, and adding or
 * removing a district in SQL breaks the row's hash either way.
 */
public final class ChainHash {

    public static final String VERSION = "sos-audit-1";

    /** The version of the form of a row that carries a district: version 1 plus the district after drill. */
    public static final String VERSION_DISTRICT = "sos-audit-2";

    /** The hash before the first row. */
    public static final byte[] GENESIS = new byte[32];

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ChainHash() {}

    /** The hash of a row, given the hash of the row before it. */
    public static byte[] link(byte[] previousHash, AuditRow row) {
        MessageDigest sha256 = DIGESTS.get();
        sha256.update(previousHash);
        Bytes canonical = canonicalBytes(row);
        sha256.update(canonical.bytes, 0, canonical.size);
        return sha256.digest(); // digest() also resets it for the next row
    }

    /** One SHA-256 per thread: looking the algorithm up for every row costs more than hashing a short row. */
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(ChainHash::sha256);

    public static byte[] canonical(AuditRow row) {
        return canonicalBytes(row).toByteArray();
    }

    private static Bytes canonicalBytes(AuditRow row) {
        Bytes out = new Bytes(256 + row.payload().length() * 2);
        boolean withDistrict = row.district() != null;
        field(out, withDistrict ? VERSION_DISTRICT : VERSION);
        field(out, Long.toString(row.seq()));
        field(out, row.eventId().toString());
        field(out, row.eventType());
        field(out, row.alertId() == null ? "" : row.alertId().toString());
        field(out, row.aggregateKey());
        field(out, row.topic());
        field(out, Integer.toString(row.partition()));
        field(out, Long.toString(row.offset()));
        field(out, time(row.occurredAt()));
        field(out, time(row.recordedAt()));
        field(out, nullToEmpty(row.consulateId()));
        field(out, nullToEmpty(row.alertType()));
        field(out, row.drill() == null ? "" : row.drill().toString());
        if (withDistrict) {
            field(out, row.district());
        }
        field(out, list(row.agencies()));
        field(out, list(row.unitIds()));
        field(out, row.payload());
        return out;
    }

    /** Timestamps as PostgreSQL keeps them: microseconds. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String time(Instant instant) {
        return TIME.format(micros(instant));
    }

    private static String list(List<String> values) {
        Bytes out = new Bytes(64);
        for (String value : values) {
            field(out, value);
        }
        return out.utf8();
    }

    private static void field(Bytes out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.ascii(Integer.toString(bytes.length));
        out.add((byte) ':');
        out.add(bytes);
        out.add((byte) ',');
    }

    /** A growable byte array without ByteArrayOutputStream's locking. */
    private static final class Bytes {

        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void add(byte b) {
            room(1);
            bytes[size++] = b;
        }

        void add(byte[] more) {
            room(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        void ascii(String text) {
            room(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
        }

        String utf8() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
