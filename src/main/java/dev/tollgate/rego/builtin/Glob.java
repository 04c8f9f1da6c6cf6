package dev.tollgate.rego.builtin;

import com.google.re2j.Pattern;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * glob.match(pattern, delimiters, s) and glob.quote_meta, with the syntax and semantics of the Go library OPA
 * uses (gobwas/glob): {@code *} matches within one delimiter-separated segment, {@code **} across segments,
 * {@code ?} one non-delimiter character, {@code [abc]}, {@code [!a-z]} one character, {@code {a,b}} alternatives,
 * and {@code \} escapes. Delimiters default to "." for an empty array; null means none. Patterns are translated
 * to RE2 once and cached.
 */
public final class Glob implements BuiltinRegistry.Family {
    private static final int CACHE_LIMIT = 1000;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
    /** The characters quote_meta escapes. */
    private static final String SPECIAL = "*?\\[]{}";

    @Override
    public void register(BuiltinRegistry r) {
        r.register("glob.match", 3, (ctx, a) -> {
            String pattern = Operands.string("glob.match", a, 0);
            List<Integer> delimiters = delimiters(a);
            String s = Operands.string("glob.match", a, 2);
            return Value.bool(compile(pattern, delimiters).matcher(s).matches());
        });
        r.register("glob.quote_meta", 1, (ctx, a) -> Value.str(quoteMeta(Operands.string("glob.quote_meta", a, 0))));
    }

    /** Each delimiter must be a one-character string. */
    private static List<Integer> delimiters(Value[] a) {
        if (a[1] instanceof Value.Null) return List.of();
        if (!(a[1] instanceof Value.Arr arr)) throw Operands.oneOf("glob.match", a, 1, "array", "null");
        List<Integer> out = new ArrayList<>();
        for (Value v : arr.elements()) {
            if (!(v instanceof Value.Str s)) throw Operands.element("glob.match", 2, arr, v, "string");
            if (s.value().codePointCount(0, s.value().length()) != 1) throw Operands.element("glob.match", 2, arr, v, "rune");
            out.add(s.value().codePointAt(0));
        }
        return out.isEmpty() ? List.of((int) '.') : out;
    }

    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    static Pattern compile(String pattern, List<Integer> delimiters) {
        StringBuilder key = new StringBuilder(pattern).append('\u0000');
        for (int d : delimiters) key.appendCodePoint(d);
        Pattern p = CACHE.get(key.toString());
        if (p == null) {
            p = Pattern.compile(new Translator(pattern, delimiters).translate(), Pattern.DOTALL);
            if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
            CACHE.put(key.toString(), p);
        }
        return p;
    }

    /**
     * Lexes a glob the way gobwas/glob does and writes the equivalent RE2 expression. An unclosed "{" simply ends
     * with the pattern (gobwas does not reject it); malformed character classes are errors with gobwas's texts.
     */
    static final class Translator {
        private final int[] src;
        private final String notDelimiter;
        private int pos;
        private int termsDepth;
        private final StringBuilder out = new StringBuilder();

        Translator(String pattern, List<Integer> delimiters) {
            this.src = pattern.codePoints().toArray();
            StringBuilder nd = new StringBuilder();
            for (int d : delimiters) nd.append(escapeInClass(d));
            this.notDelimiter = delimiters.isEmpty() ? "." : "[^" + nd + "]";
        }

        String translate() {
            sequence();
            // Alternatives left open at the end of the pattern close there.
            while (termsDepth-- > 0) out.append(')');
            return out.toString();
        }

        private void sequence() {
            while (pos < src.length) {
                int c = src[pos];
                if (c == '{') {
                    pos++;
                    termsDepth++;
                    out.append("(?:");
                } else if (c == ',' && termsDepth > 0) {
                    pos++;
                    out.append('|');
                } else if (c == '}' && termsDepth > 0) {
                    pos++;
                    termsDepth--;
                    out.append(')');
                } else if (c == '[') {
                    pos++;
                    range();
                } else if (c == '?') {
                    pos++;
                    out.append(notDelimiter);
                } else if (c == '*') {
                    pos++;
                    if (pos < src.length && src[pos] == '*') {
                        pos++;
                        out.append(".*");
                    } else {
                        out.append(notDelimiter).append('*');
                    }
                } else {
                    text();
                }
            }
        }

        /** Literal characters up to the next special one; a backslash takes the next character literally. */
        private void text() {
            boolean escaped = false;
            while (pos < src.length) {
                int c = src[pos];
                if (!escaped) {
                    if (c == '\\') {
                        escaped = true;
                        pos++;
                        continue;
                    }
                    if (c == '?' || c == '*' || c == '[' || c == '{') return;
                    if (termsDepth > 0 && (c == '}' || c == ',')) return;
                }
                escaped = false;
                out.append(Regex.quoteMeta(new String(Character.toChars(c))));
                pos++;
            }
        }

        /** [abc], [!abc], [a-z], [!a-z]: one character in (or not in) the class; delimiters included. */
        private void range() {
            boolean not = false;
            if (pos < src.length && src[pos] == '!') {
                not = true;
                pos++;
            }
            if (pos >= src.length) throw error("unexpected end of input");
            if (pos + 1 < src.length && src[pos + 1] == '-') {
                int lo = src[pos];
                if (pos + 2 >= src.length) throw error("unexpected end of input");
                int hi = src[pos + 2];
                pos += 3;
                if (pos >= src.length) throw error("unexpected end of input");
                if (src[pos] != ']') throw error("expected close range character");
                pos++;
                if (hi < lo) {
                    throw error("hi character '" + new String(Character.toChars(hi)) + "' should be greater than lo '"
                            + new String(Character.toChars(lo)) + "'");
                }
                out.append(not ? "[^" : "[").append(escapeInClass(lo)).append('-').append(escapeInClass(hi)).append(']');
                return;
            }
            StringBuilder chars = new StringBuilder();
            boolean escaped = false;
            while (pos < src.length) {
                int c = src[pos];
                if (!escaped && c == '\\') {
                    escaped = true;
                    pos++;
                    continue;
                }
                if (!escaped && c == ']') break;
                escaped = false;
                chars.append(escapeInClass(c));
                pos++;
            }
            if (pos >= src.length) throw error("unexpected end of input");
            pos++; // the ']'
            if (chars.length() == 0) throw error("could not parse range");
            out.append(not ? "[^" : "[").append(chars).append(']');
        }

        private static String escapeInClass(int c) {
            String s = new String(Character.toChars(c));
            return "\\[]^-".indexOf(c) >= 0 ? "\\" + s : s;
        }

        private static RegoError error(String message) {
            return RegoError.builtin("glob.match", message);
        }
    }
}
