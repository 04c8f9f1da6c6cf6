package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's encoding/json reads and writes it. OPA's json.* builtins are thin wrappers over it, so their
 * output bytes (HTML-safe escapes, sorted keys, MarshalIndent layout) and their error texts
 * ({@code invalid character 'x' looking for beginning of value}, {@code unexpected EOF}) are Go's.
 * Numbers keep their exact decimal value, as OPA's decoder does with {@code UseNumber}.
 */
final class GoJson {
    private GoJson() {}

    /** A syntax error, worded as Go words it. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) { super(message, null, false, false); }
    }

    // ---------------------------------------------------------------- reading

    /**
     * What OPA's {@code util.UnmarshalJSON} does: decode the first value with a streaming decoder, then insist
     * nothing but whitespace follows. Its quirks are kept: a second complete value is reported as
     * {@code error(s) occurred while decoding: %!w(<nil>)}, since that is the text OPA produces.
     */
    static Value parse(String text) throws SyntaxError {
        Reader r = new Reader(text);
        r.skipSpace();
        if (r.atEnd()) throw new SyntaxError("EOF");
        Value v = r.value("looking for beginning of value");
        r.skipSpace();
        if (r.atEnd()) return v;
        char c = r.peek();
        if (c == ']' || c == '}' || c == ',' || c == ':') {
            throw r.invalid("looking for beginning of value");
        }
        r.value("looking for beginning of value"); // a syntax error in the trailing value wins
        throw new SyntaxError("error(s) occurred while decoding: %!w(<nil>)");
    }

    /** Go's {@code json.Valid}: exactly one value, surrounded by nothing but whitespace. */
    static boolean valid(String text) {
        try {
            Reader r = new Reader(text);
            r.skipSpace();
            r.value("looking for beginning of value");
            r.skipSpace();
            return r.atEnd();
        } catch (SyntaxError e) {
            return false;
        }
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) { this.s = s; }

        boolean atEnd() { return i >= s.length(); }

        char peek() { return s.charAt(i); }

        void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                i++;
            }
        }

        SyntaxError invalid(String context) {
            return new SyntaxError("invalid character " + GoQuote.quoteByte(GoQuote.leadByte(s, i)) + " " + context);
        }

        SyntaxError eof() { return new SyntaxError("unexpected EOF"); }

        Value value(String context) throws SyntaxError {
            if (atEnd()) throw eof();
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return Value.str(string());
                case 't': literal("true"); return Value.TRUE;
                case 'f': literal("false"); return Value.FALSE;
                case 'n': literal("null"); return Value.NULL;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw invalid(context);
            }
        }

        private Value object() throws SyntaxError {
            i++; // {
            Map<Value, Value> out = new HashMap<>();
            skipSpace();
            if (atEnd()) throw eof();
            if (s.charAt(i) == '}') { i++; return Value.Obj.wrap(out); }
            while (true) {
                if (atEnd()) throw eof();
                if (s.charAt(i) != '"') throw invalid("looking for beginning of object key string");
                String key = string();
                skipSpace();
                if (atEnd()) throw eof();
                if (s.charAt(i) != ':') throw invalid("after object key");
                i++;
                skipSpace();
                out.put(Value.str(key), value("looking for beginning of value"));
                skipSpace();
                if (atEnd()) throw eof();
                char c = s.charAt(i);
                if (c == '}') { i++; return Value.Obj.wrap(out); }
                if (c != ',') throw invalid("after object key:value pair");
                i++;
                skipSpace();
            }
        }

        private Value array() throws SyntaxError {
            i++; // [
            List<Value> out = new ArrayList<>();
            skipSpace();
            if (atEnd()) throw eof();
            if (s.charAt(i) == ']') { i++; return Value.Arr.wrap(out); }
            while (true) {
                out.add(value("looking for beginning of value"));
                skipSpace();
                if (atEnd()) throw eof();
                char c = s.charAt(i);
                if (c == ']') { i++; return Value.Arr.wrap(out); }
                if (c != ',') throw invalid("after array element");
                i++;
                skipSpace();
            }
        }

        private void literal(String word) throws SyntaxError {
            for (int k = 0; k < word.length(); k++, i++) {
                if (atEnd()) throw eof();
                if (s.charAt(i) != word.charAt(k)) {
                    throw invalid("in literal " + word + " (expecting " + GoQuote.quoteByte(word.charAt(k)) + ")");
                }
            }
        }

        private Value number() throws SyntaxError {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
                if (atEnd()) throw eof();
                if (!digit()) throw invalid("in numeric literal");
            }
            if (s.charAt(i) == '0') {
                i++;
            } else {
                while (!atEnd() && digit()) i++;
            }
            if (!atEnd() && s.charAt(i) == '.') {
                i++;
                if (atEnd()) throw eof();
                if (!digit()) throw invalid("after decimal point in numeric literal");
                while (!atEnd() && digit()) i++;
            }
            if (!atEnd() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (atEnd()) throw eof();
                if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                    i++;
                    if (atEnd()) throw eof();
                }
                if (!digit()) throw invalid("in exponent of numeric literal");
                while (!atEnd() && digit()) i++;
            }
            String text = s.substring(start, i);
            try {
                return Value.num(new BigDecimal(text));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new SyntaxError("json: cannot represent number " + text);
            }
        }

        private boolean digit() {
            char c = s.charAt(i);
            return c >= '0' && c <= '9';
        }

        /** A string literal; like Go, lone surrogates (escaped or not) become U+FFFD. */
        private String string() throws SyntaxError {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) throw eof();
                char c = s.charAt(i);
                if (c == '"') { i++; return sb.toString(); }
                if (c < 0x20) throw invalid("in string literal");
                if (c == '\\') {
                    i++;
                    if (atEnd()) throw eof();
                    char e = s.charAt(i);
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            int u = hex4();
                            if (Character.isHighSurrogate((char) u) && i + 6 <= s.length()
                                    && s.charAt(i) == '\\' && s.charAt(i + 1) == 'u') {
                                int save = i;
                                i++;
                                int low = hex4();
                                if (Character.isLowSurrogate((char) low)) {
                                    sb.append((char) u).append((char) low);
                                    continue;
                                }
                                i = save;
                            }
                            sb.append(Character.isSurrogate((char) u) ? '\uFFFD' : (char) u);
                            continue;
                        }
                        default -> throw invalid("in string escape code");
                    }
                    i++;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(i + 1));
                    i += 2;
                } else {
                    sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                    i++;
                }
            }
        }

        /** Reads {@code uXXXX} (positioned on the 'u'), returns the code unit. */
        private int hex4() throws SyntaxError {
            i++; // u
            int v = 0;
            for (int k = 0; k < 4; k++, i++) {
                if (atEnd()) throw eof();
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0 || s.charAt(i) > 'f') throw invalid("in \\u hexadecimal character escape");
                v = v * 16 + d;
            }
            return v;
        }
    }

    // ---------------------------------------------------------------- writing

    /** {@code json.Marshal(ast.JSON(v))}: compact, keys sorted, sets as sorted arrays, HTML-safe escapes. */
    static String marshal(Value v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, null, null, 0);
        return sb.toString();
    }

    /** {@code json.MarshalIndent(ast.JSON(v), prefix, indent)}; note Go does not prefix the first line. */
    static String marshalIndent(Value v, String prefix, String indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, prefix, indent, 0);
        return sb.toString();
    }

    /** An object's members as Go sees them after {@code ast.JSON}: string keys (others as their JSON text), sorted. */
    static TreeMap<String, Value> members(Value.Obj o) {
        TreeMap<String, Value> out = new TreeMap<>(Values::compareUtf8);
        for (Value k : o.keys()) {
            out.put(k instanceof Value.Str s ? s.value() : marshal(k), o.get(k));
        }
        return out;
    }

    private static void write(StringBuilder sb, Value v, String prefix, String indent, int depth) {
        if (v instanceof Value.Str s) {
            writeString(sb, s.value());
        } else if (v instanceof Value.Num n) {
            sb.append(Values.formatNumber(n.value()));
        } else if (v instanceof Value.Arr a) {
            writeArray(sb, a.elements(), prefix, indent, depth);
        } else if (v instanceof Value.SetV set) {
            writeArray(sb, set.elements(), prefix, indent, depth);
        } else if (v instanceof Value.Obj o) {
            Map<String, Value> m = members(o);
            if (m.isEmpty()) { sb.append("{}"); return; }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                newline(sb, prefix, indent, depth + 1);
                writeString(sb, e.getKey());
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), prefix, indent, depth + 1);
            }
            newline(sb, prefix, indent, depth);
            sb.append('}');
        } else {
            sb.append(v); // null, true, false
        }
    }

    private static void writeArray(StringBuilder sb, List<Value> elements, String prefix, String indent, int depth) {
        if (elements.isEmpty()) { sb.append("[]"); return; }
        sb.append('[');
        for (int k = 0; k < elements.size(); k++) {
            if (k > 0) sb.append(',');
            newline(sb, prefix, indent, depth + 1);
            write(sb, elements.get(k), prefix, indent, depth + 1);
        }
        newline(sb, prefix, indent, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, String prefix, String indent, int depth) {
        if (indent == null) return;
        sb.append('\n').append(prefix);
        for (int k = 0; k < depth; k++) sb.append(indent);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go's string encoder with HTML escaping on (the default for Marshal and Encoder). */
    static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(sb, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                        sb.append(c).append(s.charAt(++k));
                    } else if (Character.isSurrogate(c)) {
                        sb.append("\\ufffd");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
