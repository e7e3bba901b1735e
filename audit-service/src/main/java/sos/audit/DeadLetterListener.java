package sos.audit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import sos.audit.domain.DeadLetter;
import sos.audit.domain.DeadLetterStore;

/**
 * Keeps every record of every service's dead-letter topic on record, as raw bytes. Nothing here can be unreadable; while
 * the database cannot be reached the batch is retried with back-off and no offset is committed.
 */
@Component
class DeadLetterListener {

    static final String LISTENER_ID = "audit-dead-letters";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterListener.class);
    private static final int MAX_TEXT = 4000;

    private final DeadLetterStore store;

    DeadLetterListener(DeadLetterStore store) {
        this.store = store;
    }

    @KafkaListener(
            id = LISTENER_ID,
            groupId = "${spring.application.name}-dead-letters",
            topics = "#{@deadLetterTopics}",
            containerFactory = "deadLetterContainerFactory",
            batch = "true")
    void onDeadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        List<DeadLetter> letters = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            letters.add(toDeadLetter(record));
        }
        try {
            store.append(letters);
        } catch (RuntimeException failure) {
            storeOneByOne(letters, failure);
        }
        for (DeadLetter letter : letters) {
            LOG.info(
                    "dead letter from {} (originally {}-{}@{}) on record: {}",
                    letter.topic(),
                    letter.originalTopic(),
                    letter.originalPartition(),
                    letter.originalOffset(),
                    letter.exceptionClass());
        }
    }

    /** Names the first dead letter that cannot be stored, and why, for the error handler ({@link RetryPolicy}). */
    private void storeOneByOne(List<DeadLetter> letters, RuntimeException batchFailure) {
        if (StoreFailures.isDatabaseUnavailable(batchFailure)) {
            throw new DatabaseUnavailableException("audit database unavailable", batchFailure, 0);
        }
        for (int i = 0; i < letters.size(); i++) {
            try {
                store.append(List.of(letters.get(i)));
            } catch (RuntimeException failure) {
                if (StoreFailures.isDatabaseUnavailable(failure)) {
                    throw new DatabaseUnavailableException("audit database unavailable", failure, i);
                }
                throw new RecordRefusedException("could not store dead letter", failure, i);
            }
        }
    }

    static DeadLetter toDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return new DeadLetter(
                0,
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                headers,
                stringHeader(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION),
                longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                stringHeader(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
                truncate(stringHeader(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)),
                record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE || record.timestamp() < 0
                        ? null
                        : Instant.ofEpochMilli(record.timestamp()),
                null);
    }

    /** The value as text when it is valid UTF-8 without NUL characters, else "base64:" and its base64. */
    static String text(byte[] value) {
        if (value == null) {
            return "";
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            String text = decoded.toString();
            if (text.indexOf('\u0000') < 0) {
                return text;
            }
        } catch (CharacterCodingException notText) {
            // fall through
        }
        return "base64:" + Base64.getEncoder().encodeToString(value);
    }

    private static String stringHeader(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = text(header.value());
        return text.startsWith("base64:") ? null : text;
    }

    private static Integer intHeader(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        if (header.value().length == Integer.BYTES) {
            return ByteBuffer.wrap(header.value()).getInt();
        }
        try {
            return Integer.valueOf(new String(header.value(), StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longHeader(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        if (header.value().length == Long.BYTES) {
            return ByteBuffer.wrap(header.value()).getLong();
        }
        try {
            return Long.valueOf(new String(header.value(), StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
