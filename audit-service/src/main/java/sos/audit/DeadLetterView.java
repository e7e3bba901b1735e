package sos.audit;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import sos.audit.domain.DeadLetter;

/** The JSON of {@code GET /api/v1/audit/dead-letters}: key and value as base64, and as text when they are text. */
record DeadLetterView(List<Entry> deadLetters, long nextAfterId) {

    static DeadLetterView of(List<DeadLetter> letters, long afterId) {
        return new DeadLetterView(
                letters.stream().map(Entry::of).toList(),
                letters.isEmpty() ? afterId : letters.get(letters.size() - 1).id());
    }

    record Entry(
            long id,
            String topic,
            int partition,
            long offset,
            String keyBase64,
            String valueBase64,
            String valueText,
            Map<String, String> headers,
            String originalTopic,
            Integer originalPartition,
            Long originalOffset,
            String exceptionClass,
            String exceptionMessage,
            Instant recordTimestamp,
            Instant recordedAt) {

        static Entry of(DeadLetter letter) {
            String text = letter.value() == null ? null : DeadLetterListener.text(letter.value());
            return new Entry(
                    letter.id(),
                    letter.topic(),
                    letter.partition(),
                    letter.offset(),
                    letter.key() == null ? null : Base64.getEncoder().encodeToString(letter.key()),
                    letter.value() == null ? null : Base64.getEncoder().encodeToString(letter.value()),
                    text != null && text.startsWith("base64:") ? null : text,
                    letter.headers(),
                    letter.originalTopic(),
                    letter.originalPartition(),
                    letter.originalOffset(),
                    letter.exceptionClass(),
                    letter.exceptionMessage(),
                    letter.recordTimestamp(),
                    letter.recordedAt());
        }
    }
}
