package io.jifen.platform.web;

/** What any text the platform takes in must be: no control characters but tab and line breaks, no broken UTF-16. */
public final class Texts {

    private Texts() {
    }

    /** False for a NUL or another control character (tab, CR and LF are allowed) or a lone surrogate. */
    public static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return false;
            }
        }
        return true;
    }
}
