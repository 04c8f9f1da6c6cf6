package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.template.GoTemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The string builtins. Indexes and lengths count Unicode code points (Go runes), case mapping is the simple
 * per-character mapping Go uses, and whitespace is Go's {@code unicode.IsSpace}.
 */
public final class Strings implements BuiltinRegistry.Family {
    @Override
    public void register(BuiltinRegistry r) {
        r.register("concat", 2, (ctx, a) -> concat(a));
        r.register("contains", 2, (ctx, a) -> Value.bool(str("contains", a, 0).contains(str("contains", a, 1))));
        r.register("startswith", 2, (ctx, a) -> Value.bool(str("startswith", a, 0).startsWith(str("startswith", a, 1))));
        r.register("endswith", 2, (ctx, a) -> Value.bool(str("endswith", a, 0).endsWith(str("endswith", a, 1))));
        r.register("format_int", 2, (ctx, a) -> formatInt(a));
        r.register("indexof", 2, (ctx, a) -> {
            List<Integer> found = indexes("indexof", a, true);
            return Value.num(found.isEmpty() ? -1 : found.get(0));
        });
        r.register("indexof_n", 2, (ctx, a) -> {
            List<Value> out = new ArrayList<>();
            for (int i : indexes("indexof_n", a, false)) out.add(Value.num(i));
            return Value.Arr.wrap(out);
        });
        r.register("lower", 1, (ctx, a) -> Value.str(mapCodePoints(str("lower", a, 0), false)));
        r.register("upper", 1, (ctx, a) -> Value.str(mapCodePoints(str("upper", a, 0), true)));
        r.register("replace", 3, (ctx, a) -> {
            String s = str("replace", a, 0), old = str("replace", a, 1), with = str("replace", a, 2);
            return Value.str(GoReplacer.of(List.of(old, with)).replace(s));
        });
        r.register("strings.replace_n", 2, (ctx, a) -> replaceN(a));
        r.register("split", 2, (ctx, a) -> strings(split(str("split", a, 0), str("split", a, 1), -1)));
        r.register("strings.split_n", 3, (ctx, a) -> splitN(a));
        r.register("sprintf", 2, (ctx, a) -> Sprintf.call(a));
        r.register("substring", 3, (ctx, a) -> substring(a));
        r.register("trim", 2, (ctx, a) -> Value.str(trim(str("trim", a, 0), str("trim", a, 1), true, true)));
        r.register("trim_left", 2, (ctx, a) -> Value.str(trim(str("trim_left", a, 0), str("trim_left", a, 1), true, false)));
        r.register("trim_right", 2, (ctx, a) -> Value.str(trim(str("trim_right", a, 0), str("trim_right", a, 1), false, true)));
        r.register("trim_prefix", 2, (ctx, a) -> {
            String s = str("trim_prefix", a, 0), p = str("trim_prefix", a, 1);
            return Value.str(s.startsWith(p) ? s.substring(p.length()) : s);
        });
        r.register("trim_suffix", 2, (ctx, a) -> {
            String s = str("trim_suffix", a, 0), p = str("trim_suffix", a, 1);
            return Value.str(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
        });
        r.register("trim_space", 1, (ctx, a) -> Value.str(trimSpace(str("trim_space", a, 0))));
        r.register("strings.any_prefix_match", 2, (ctx, a) -> anyMatch("strings.any_prefix_match", a, String::startsWith));
        r.register("strings.any_suffix_match", 2, (ctx, a) -> anyMatch("strings.any_suffix_match", a, String::endsWith));
        r.register("strings.count", 2, (ctx, a) -> Value.num(count(str("strings.count", a, 0), str("strings.count", a, 1))));
        r.register("strings.render_template", 2, (ctx, a) -> Value.str(GoTemplate.render(
                str("strings.render_template", a, 0), Operands.object("strings.render_template", a, 1))));
        r.register("strings.reverse", 1, (ctx, a) -> {
            String s = str("strings.reverse", a, 0);
            int[] cps = s.codePoints().toArray();
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = cps.length - 1; i >= 0; i--) sb.appendCodePoint(cps[i]);
            return Value.str(sb.toString());
        });
    }

    private static String str(String fn, Value[] a, int i) {
        return Operands.string(fn, a, i);
    }

    private static Value strings(List<String> parts) {
        List<Value> out = new ArrayList<>(parts.size());
        for (String p : parts) out.add(Value.str(p));
        return Value.Arr.wrap(out);
    }

    private static Value concat(Value[] a) {
        String sep = str("concat", a, 0);
        List<Value> parts;
        if (a[1] instanceof Value.Arr arr) parts = arr.elements();
        else if (a[1] instanceof Value.SetV s) parts = s.elements();
        else throw Operands.oneOf("concat", a, 1, "set", "array");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Value.Str s)) throw Operands.element("concat", 2, a[1], parts.get(i), "string");
            if (i > 0) sb.append(sep);
            sb.append(s.value());
        }
        return Value.str(sb.toString());
    }

    /**
     * format_int(number, base): the base must be written exactly 2, 8, 10 or 16; fractions are truncated toward zero
     * (through OPA's 64-bit float, so enormous fractional inputs round as there).
     */
    private static Value formatInt(Value[] a) {
        Value.Num n = Operands.number("format_int", a, 0);
        Value.Num base = Operands.number("format_int", a, 1);
        int radix = base.value().scale() == 0 ? base.value().intValue() : 0;
        if (radix != 2 && radix != 8 && radix != 10 && radix != 16 || base.value().compareTo(BigDecimal.valueOf(radix)) != 0) {
            throw Operands.invalid("format_int", 2, "must be one of {2, 8, 10, 16}");
        }
        BigInteger i = n.value().scale() == 0 ? n.value().unscaledValue()
                : GoBigFloat.of(n.value(), GoBigFloat.DEFAULT_PRECISION).truncate();
        return Value.str(i.toString(radix));
    }

    /** Code point positions where the needle starts; overlapping occurrences all count. */
    private static List<Integer> indexes(String fn, Value[] a, boolean firstOnly) {
        String hay = str(fn, a, 0), needle = str(fn, a, 1);
        if (needle.isEmpty()) throw RegoError.builtin(fn, "empty search character");
        List<Integer> out = new ArrayList<>();
        for (int from = hay.indexOf(needle); from >= 0; from = hay.indexOf(needle, from + 1)) {
            if (Character.isLowSurrogate(hay.charAt(from))) continue;
            out.add(hay.codePointCount(0, from));
            if (firstOnly) break;
        }
        return out;
    }

    /** Go's simple, locale-free case mapping, one code point at a time (so "ß" stays "ß" in upper case). */
    static String mapCodePoints(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return sb.toString();
    }

    /** strings.replace_n: every key/value pair at once, earlier keys (in sorted order) winning where several match. */
    private static Value replaceN(Value[] a) {
        Value.Obj patterns = Operands.object("strings.replace_n", a, 0);
        String s = str("strings.replace_n", a, 1);
        List<String> pairs = new ArrayList<>();
        for (Value k : patterns.keys()) {
            if (!(k instanceof Value.Str ks)) throw Operands.invalid("strings.replace_n", 1, "non-string key found in pattern object");
            if (!(patterns.get(k) instanceof Value.Str vs)) {
                throw Operands.invalid("strings.replace_n", 1, "non-string value found in pattern object");
            }
            pairs.add(ks.value());
            pairs.add(vs.value());
        }
        return Value.str(GoReplacer.of(pairs).replace(s));
    }

    /** Go's strings.SplitN: an empty separator splits into code points; n < 0 means no limit. */
    static List<String> split(String s, String sep, int n) {
        List<String> out = new ArrayList<>();
        if (n == 0) return out;
        if (sep.isEmpty()) {
            int count = s.codePointCount(0, s.length());
            int limit = n < 0 || n > count ? count : n;
            int i = 0;
            for (int k = 0; k < limit - 1; k++) {
                int next = s.offsetByCodePoints(i, 1);
                out.add(s.substring(i, next));
                i = next;
            }
            if (limit > 0) out.add(s.substring(i));
            return out;
        }
        int start = 0;
        while (n < 0 || out.size() < n - 1) {
            int at = s.indexOf(sep, start);
            if (at < 0) break;
            out.add(s.substring(start, at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /** strings.split_n(s, sep, n): the first n parts for n > 0, the last |n| for n < 0, none for 0. */
    private static Value splitN(Value[] a) {
        String s = str("strings.split_n", a, 0), sep = str("strings.split_n", a, 1);
        long n = Operands.int64("strings.split_n", a, 2);
        if (n >= 0) {
            // Asking for n parts splits at most n times, so the n-th part does not swallow the rest.
            List<String> parts = split(s, sep, n >= Integer.MAX_VALUE ? -1 : (int) n + 1);
            return strings(parts.subList(0, (int) Math.min(n, parts.size())));
        }
        List<String> parts = split(s, sep, -1);
        int from = (int) Math.max(parts.size() + Math.max(n, Integer.MIN_VALUE), 0);
        return strings(parts.subList(from, parts.size()));
    }

    private static Value substring(Value[] a) {
        String s = str("substring", a, 0);
        long start = Operands.int64("substring", a, 1);
        long length = Operands.int64("substring", a, 2);
        if (start < 0) throw RegoError.builtin("substring", "negative offset");
        int runes = s.codePointCount(0, s.length());
        if (start >= runes) return Value.str("");
        int from = s.offsetByCodePoints(0, (int) start);
        if (length < 0 || start + length >= runes) return Value.str(s.substring(from));
        return Value.str(s.substring(from, s.offsetByCodePoints(from, (int) length)));
    }

    /** Go's strings.Trim family: drop leading and/or trailing code points that occur in the cutset. */
    static String trim(String s, String cutset, boolean left, boolean right) {
        int start = 0, end = s.length();
        while (left && start < end && cutset.indexOf(s.codePointAt(start)) >= 0) start += Character.charCount(s.codePointAt(start));
        while (right && end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    static String trimSpace(String s) {
        int start = 0, end = s.length();
        while (start < end && isGoSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && isGoSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    /** Go's unicode.IsSpace: the ASCII white space, NEL, NBSP and the Unicode space separators. */
    static boolean isGoSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> c > 0xFF && (Character.getType(c) == Character.SPACE_SEPARATOR
                    || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        };
    }

    /** The strings of a string, array or set operand; the type errors OPA gives for the any_*_match builtins. */
    private static List<String> stringsOf(String fn, Value[] a, int i) {
        if (a[i] instanceof Value.Str s) return List.of(s.value());
        if (a[i] instanceof Value.Arr || a[i] instanceof Value.SetV) return Operands.strings(fn, a, i);
        throw Operands.oneOf(fn, a, i, "string", "set", "array");
    }

    private static Value anyMatch(String fn, Value[] a, BiPredicate<String, String> test) {
        List<String> search = stringsOf(fn, a, 0);
        List<String> affixes = stringsOf(fn, a, 1);
        for (String s : search) {
            for (String affix : affixes) if (test.test(s, affix)) return Value.TRUE;
        }
        return Value.FALSE;
    }

    /** Go's strings.Count: non-overlapping occurrences; an empty needle counts the gaps between code points. */
    static int count(String s, String needle) {
        if (needle.isEmpty()) return s.codePointCount(0, s.length()) + 1;
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
