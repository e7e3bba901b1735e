package sos.notification.domain.delivery;

/**
 * SMS segment arithmetic. A text made only of GSM 03.38 characters is sent as GSM-7: 160 septets in one segment, 153
 * per segment when concatenated, characters of the extension table ({@code ^{}\[~]|€} and form feed) counting twice.
 * Any other character (Urdu, for one) makes the whole text UCS-2: 70 UTF-16 code units in one segment, 67 per segment
 * when concatenated.
 */
public final class SmsText {

    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    private SmsText() {}

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM7_BASIC.indexOf(c) < 0 && GSM7_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets for GSM-7 text, UTF-16 code units for UCS-2 text. */
    public static int units(String text) {
        if (!isGsm7(text)) {
            return text.length();
        }
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += GSM7_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        return septets;
    }

    /** How many SMS segments the text takes; 1 for the empty text. */
    public static int segments(String text) {
        boolean gsm = isGsm7(text);
        int units = units(text);
        int single = gsm ? 160 : 70;
        int multi = gsm ? 153 : 67;
        return units <= single ? 1 : (units + multi - 1) / multi;
    }

    /**
     * The text, cut to fit in {@code maxSegments} segments when it does not, ending in {@code ..} then. A cut never
     * splits a surrogate pair.
     */
    public static String fit(String text, int maxSegments) {
        if (segments(text) <= maxSegments) {
            return text;
        }
        boolean gsm = isGsm7(text);
        int budget = maxSegments == 1 ? (gsm ? 160 : 70) : maxSegments * (gsm ? 153 : 67);
        int end = text.length();
        while (end > 0 && units(text.substring(0, end)) + 2 > budget) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + "..";
    }
}
