package dev.tollgate.rego.builtin.graphql;

/** Go's {@code strconv.Quote}: messages quote names and string values exactly as gqlparser prints them. */
final class GoQuote {
    private GoQuote() {}

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrint(c)) sb.appendCodePoint(c);
                    else if (c < 0x80) sb.append(String.format("\\x%02x", c));
                    else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
                    else sb.append(String.format("\\U%08x", c));
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go's unicode.IsPrint: graphic characters plus the ASCII space, nothing else from the space class. */
    private static boolean isPrint(int c) {
        if (c == ' ') return true;
        if (c < 0x20 || c == 0x7f) return false;
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> { return false; }
            default -> { return true; }
        }
    }
}
