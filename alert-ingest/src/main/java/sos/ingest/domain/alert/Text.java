package sos.ingest.domain.alert;

/**
 * Rules for free text that travels on to other services and is stored by audit (PostgreSQL {@code jsonb} cannot hold
 * U+0000, and no reader wants terminal control codes): C0 control characters other than tab, CR and LF, DEL, and
 * unpaired UTF-16 surrogates are refused.
 */
public final class Text {

    private Text() {}

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + " at index " + i
                        + "); only tab, CR and LF are allowed";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode text (unpaired surrogate at index " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode text (unpaired surrogate at index " + i + ")";
            }
        }
        return null;
    }
}
