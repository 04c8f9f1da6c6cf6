package dev.tollgate.rego.builtin;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * regex.* builtins on RE2 (RE2/J), the engine and syntax of Go's regexp. Matches are enumerated the way Go's
 * FindAll does (an empty match right after a match is skipped), split and replace follow Go's Split and
 * ReplaceAllString, and "$1"/"${name}" expand as in Go's Regexp.Expand. Compiled patterns are cached.
 */
public final class Regex implements BuiltinRegistry.Family {
    private static final int CACHE_LIMIT = 1000;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
    private static final Map<List<String>, Pattern> TEMPLATE_CACHE = new ConcurrentHashMap<>();

    @Override
    public void register(BuiltinRegistry r) {
        r.register("regex.is_valid", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Str s && valid(s.value())));
        r.register("regex.match", 2, (ctx, a) -> match("regex.match", a));
        r.register("re_match", 2, (ctx, a) -> match("re_match", a));
        r.register("regex.split", 2, (ctx, a) -> split(a));
        r.register("regex.find_n", 3, (ctx, a) -> findN(a));
        r.register("regex.find_all_string_submatch_n", 3, (ctx, a) -> findAllSubmatch(a));
        r.register("regex.replace", 3, (ctx, a) -> replace(a));
        r.register("regex.template_match", 4, (ctx, a) -> templateMatch(a));
        r.register("regex.globs_match", 2, (ctx, a) -> Value.bool(GlobIntersection.nonEmpty(
                Operands.string("regex.globs_match", a, 0), Operands.string("regex.globs_match", a, 1))));
    }

    private static boolean valid(String pattern) {
        try {
            compile("regex.is_valid", pattern);
            return true;
        } catch (RegoError e) {
            return false;
        }
    }

    /** A compiled pattern from the cache; a full cache is emptied rather than grown. */
    static Pattern compile(String fn, String pattern) {
        Pattern p = CACHE.get(pattern);
        if (p != null) return p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw RegoError.builtin(fn, e.getMessage());
        }
        if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
        CACHE.put(pattern, p);
        return p;
    }

    private static Value match(String fn, Value[] a) {
        String pattern = Operands.string(fn, a, 0), s = Operands.string(fn, a, 1);
        return Value.bool(compile(fn, pattern).matcher(s).find());
    }

    /**
     * Go's allMatches: up to n matches (all when n is negative), each as group offsets (-1 for a group that did
     * not take part), never accepting an empty match that touches the end of the previous match.
     */
    static List<int[]> findAll(Pattern p, String s, int n) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        int groups = m.groupCount();
        int pos = 0, prevEnd = -1;
        while ((n < 0 || out.size() < n) && pos <= s.length()) {
            if (!m.find(pos)) break;
            boolean accept = true;
            if (m.end() == pos) {
                if (m.start() == prevEnd) accept = false; // an empty match right after a match
                pos += pos < s.length() ? Character.charCount(s.codePointAt(pos)) : 1;
            } else {
                pos = m.end();
            }
            prevEnd = m.end();
            if (accept) {
                int[] g = new int[2 * (groups + 1)];
                for (int i = 0; i <= groups; i++) {
                    g[2 * i] = m.start(i);
                    g[2 * i + 1] = m.end(i);
                }
                out.add(g);
            }
        }
        return out;
    }

    private static int limit(String fn, Value[] a) {
        long n = Operands.int64(fn, a, 2);
        return n < 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /** Go's Regexp.Split(s, -1), including its rule that a match at the very end leaves no trailing empty part. */
    private static Value split(Value[] a) {
        String pattern = Operands.string("regex.split", a, 0), s = Operands.string("regex.split", a, 1);
        Pattern p = compile("regex.split", pattern);
        List<Value> out = new ArrayList<>();
        if (!pattern.isEmpty() && s.isEmpty()) return Value.Arr.of(Value.str(""));
        int beg = 0, end = 0;
        for (int[] m : findAll(p, s, -1)) {
            end = m[0];
            if (m[1] != 0) out.add(Value.str(s.substring(beg, end)));
            beg = m[1];
        }
        if (end != s.length()) out.add(Value.str(s.substring(beg)));
        return Value.Arr.wrap(out);
    }

    private static Value findN(Value[] a) {
        String pattern = Operands.string("regex.find_n", a, 0), s = Operands.string("regex.find_n", a, 1);
        int n = limit("regex.find_n", a);
        List<Value> out = new ArrayList<>();
        for (int[] m : findAll(compile("regex.find_n", pattern), s, n)) out.add(Value.str(s.substring(m[0], m[1])));
        return Value.Arr.wrap(out);
    }

    private static Value findAllSubmatch(Value[] a) {
        String fn = "regex.find_all_string_submatch_n";
        String pattern = Operands.string(fn, a, 0), s = Operands.string(fn, a, 1);
        int n = limit(fn, a);
        List<Value> out = new ArrayList<>();
        for (int[] m : findAll(compile(fn, pattern), s, n)) {
            List<Value> groups = new ArrayList<>();
            for (int i = 0; i < m.length; i += 2) groups.add(Value.str(m[i] < 0 ? "" : s.substring(m[i], m[i + 1])));
            out.add(Value.Arr.wrap(groups));
        }
        return Value.Arr.wrap(out);
    }

    /** regex.replace(s, pattern, template): Go's ReplaceAllString. */
    private static Value replace(Value[] a) {
        String s = Operands.string("regex.replace", a, 0);
        String pattern = Operands.string("regex.replace", a, 1);
        String template = Operands.string("regex.replace", a, 2);
        Pattern p = compile("regex.replace", pattern);
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        int lastMatchEnd = 0, searchPos = 0;
        while (searchPos <= s.length() && m.find(searchPos)) {
            out.append(s, lastMatchEnd, m.start());
            // No replacement for an empty match right after a match, else "a*" would replace twice at one spot.
            if (m.end() > lastMatchEnd || m.start() == 0) expand(out, template, p, m, s);
            lastMatchEnd = m.end();
            int width = searchPos < s.length() ? Character.charCount(s.codePointAt(searchPos)) : 0;
            if (searchPos + width > m.end()) searchPos += width;
            else if (searchPos + 1 > m.end()) searchPos++;
            else searchPos = m.end();
        }
        out.append(s, lastMatchEnd, s.length());
        return Value.str(out.toString());
    }

    /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; a name that is no group expands to nothing. */
    private static void expand(StringBuilder out, String template, Pattern p, Matcher m, String s) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) break;
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < template.length() && template.charAt(i) == '{';
            int nameStart = brace ? i + 1 : i, j = nameStart;
            while (j < template.length()) {
                int c = template.codePointAt(j);
                if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') break;
                j += Character.charCount(c);
            }
            if (j == nameStart || (brace && (j >= template.length() || template.charAt(j) != '}'))) {
                out.append('$'); // malformed: the dollar is plain text
                continue;
            }
            String name = template.substring(nameStart, j);
            i = brace ? j + 1 : j;
            int group = groupNumber(name);
            if (group < 0) {
                Integer named = p.namedGroups().get(name);
                group = named == null ? -1 : named;
            }
            if (group >= 0 && group <= m.groupCount() && m.start(group) >= 0) out.append(s, m.start(group), m.end(group));
        }
        out.append(template, i, template.length());
    }

    /** A group reference by number: ASCII digits without a leading zero, below 1e8; -1 otherwise. */
    private static int groupNumber(String name) {
        if (name.length() > 8 || (name.length() > 1 && name.charAt(0) == '0')) return -1;
        for (int i = 0; i < name.length(); i++) if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        return Integer.parseInt(name);
    }

    /**
     * regex.template_match(template, value, start, end): the template is literal text with regular expressions
     * between single-character delimiters, e.g. "urn:foo:{.*}" with "{" and "}".
     */
    private static Value templateMatch(Value[] a) {
        String fn = "regex.template_match";
        String template = Operands.string(fn, a, 0), value = Operands.string(fn, a, 1);
        String start = Operands.string(fn, a, 2), end = Operands.string(fn, a, 3);
        int startLen = utf8Length(start), endLen = utf8Length(end);
        if (startLen != 1) throw RegoError.builtin(fn, "start delimiter has to be exactly one character long but is " + startLen + " long");
        // OPA reports the start delimiter's length here too.
        if (endLen != 1) throw RegoError.builtin(fn, "end delimiter has to be exactly one character long but is " + startLen + " long");
        Pattern p = TEMPLATE_CACHE.get(List.of(template, start, end));
        if (p == null) {
            p = compileTemplate(fn, template, start.charAt(0), end.charAt(0));
            if (TEMPLATE_CACHE.size() >= CACHE_LIMIT) TEMPLATE_CACHE.clear();
            TEMPLATE_CACHE.put(List.of(template, start, end), p);
        }
        return Value.bool(p.matcher(value).find());
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static Pattern compileTemplate(String fn, String tpl, char open, char close) {
        List<Integer> idxs = new ArrayList<>();
        int level = 0, idx = 0;
        for (int i = 0; i < tpl.length(); i++) {
            char c = tpl.charAt(i);
            if (c == open) {
                if (++level == 1) idx = i;
            } else if (c == close) {
                if (--level == 0) {
                    idxs.add(idx);
                    idxs.add(i + 1);
                } else if (level < 0) {
                    throw RegoError.builtin(fn, "unbalanced braces in " + GoQuote.quote(tpl));
                }
            }
        }
        if (level != 0) throw RegoError.builtin(fn, "unbalanced braces in " + GoQuote.quote(tpl));
        StringBuilder pattern = new StringBuilder("^");
        int end = 0;
        for (int i = 0; i < idxs.size(); i += 2) {
            String raw = tpl.substring(end, idxs.get(i));
            end = idxs.get(i + 1);
            String inner = tpl.substring(idxs.get(i) + 1, end - 1);
            pattern.append(quoteMeta(raw)).append('(').append(inner).append(')');
            compile(fn, "^" + inner + "$"); // each embedded expression must be valid on its own
        }
        pattern.append(quoteMeta(tpl.substring(end))).append('$');
        return compile(fn, pattern.toString());
    }

    /** Go's regexp.QuoteMeta. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }
}
