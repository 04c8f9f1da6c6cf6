package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * regex.globs_match: whether two "glob-style regular expressions" can match a common non-empty string. The
 * language is tiny: characters, {@code .} (any character), sets {@code [a-z0-9]}, and the flags {@code *} and
 * {@code +} on the preceding token; {@code \} escapes. This reproduces the decision procedure of the Go library
 * OPA uses (yashtewari/glob-intersection), its greedy choices included, and its error texts.
 */
final class GlobIntersection {
    private GlobIntersection() {}

    private enum Flag { NONE, PLUS, STAR }

    /** A character (set of one), a dot (set == null), or a set of characters. */
    private static final class Token {
        final Set<Integer> chars; // null for the dot
        Flag flag = Flag.NONE;

        Token(Set<Integer> chars) { this.chars = chars; }

        boolean sameContent(Token o) {
            return chars == null ? o.chars == null : chars.equals(o.chars);
        }
    }

    static boolean nonEmpty(String lhs, String rhs) {
        List<Token> g1 = simplify(tokenize(lhs));
        List<Token> g2 = simplify(tokenize(rhs));
        // Strip matching unflagged prefixes and suffixes, keeping one token on each side.
        int l = 0;
        for (; l < g1.size() && l < g2.size() && g1.get(l).flag == Flag.NONE && g2.get(l).flag == Flag.NONE; l++) {
            if (!match(g1.get(l), g2.get(l))) return false;
        }
        if (l > 0) l--;
        int r1 = g1.size() - 1, r2 = g2.size() - 1;
        for (; r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1.get(r1).flag == Flag.NONE && g2.get(r2).flag == Flag.NONE; r1--, r2--) {
            if (!match(g1.get(r1), g2.get(r2))) return false;
        }
        if (r1 < g1.size() - 1) {
            r1++;
            r2++;
        }
        return intersectNormal(g1.subList(l, r1 + 1), g2.subList(l, r2 + 1));
    }

    /** Two tokens can stand for the same character. */
    private static boolean match(Token a, Token b) {
        if (a.chars == null || b.chars == null) return true;
        for (int c : a.chars) if (b.chars.contains(c)) return true;
        return false;
    }

    private static boolean intersectNormal(List<Token> g1, List<Token> g2) {
        int i = 0, j = 0;
        for (; i < g1.size() && j < g2.size(); i++, j++) {
            if (g1.get(i).flag == Flag.NONE && g2.get(j).flag == Flag.NONE) {
                if (!match(g1.get(i), g2.get(j))) return false;
            } else {
                return intersectSpecial(g1.subList(i, g1.size()), g2.subList(j, g2.size()));
            }
        }
        return i == g1.size() && j == g2.size();
    }

    private static boolean intersectSpecial(List<Token> g1, List<Token> g2) {
        if (g1.get(0).flag != Flag.NONE) {
            return g1.get(0).flag == Flag.PLUS ? intersectPlus(g1, g2) : intersectStar(g1, g2);
        }
        return g2.get(0).flag == Flag.PLUS ? intersectPlus(g2, g1) : intersectStar(g2, g1);
    }

    private static boolean intersectPlus(List<Token> plussed, List<Token> other) {
        if (!match(plussed.get(0), other.get(0))) return false;
        return intersectStar(plussed, other.subList(1, other.size()));
    }

    /** The starred token swallows tokens of other until the rest of both globs can be matched all the way. */
    private static boolean intersectStar(List<Token> starred, List<Token> other) {
        Token star = starred.get(0);
        Token next = starred.size() > 1 ? starred.get(1) : null;
        for (int i = 0; i < other.size(); i++) {
            Token t = other.get(i);
            if (next != null && match(t, next)) {
                if (intersectNormal(starred.subList(1, starred.size()), other.subList(i, other.size()))) return true;
                if (!match(t, star)) return false;
            } else if (!match(t, star)) {
                return false;
            }
        }
        return next == null;
    }

    /** Merges a flagged token into an equal flagged predecessor: t*t* is t*, and t+ wins over t*. */
    private static List<Token> simplify(List<Token> tokens) {
        List<Token> out = new ArrayList<>();
        for (Token t : tokens) {
            Token last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && t.flag != Flag.NONE && last.flag != Flag.NONE && t.sameContent(last)) {
                if (t.flag == Flag.PLUS || last.flag == Flag.PLUS) last.flag = Flag.PLUS;
                continue;
            }
            out.add(t);
        }
        return out;
    }

    // ------------------------------------------------------------------ tokenizer

    private static List<Token> tokenize(String input) {
        int[] runes = input.codePoints().toArray();
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < runes.length) {
            boolean escaped = runes[i] == '\\';
            if (escaped && i == runes.length - 1) throw invalid(runes, i, "input ends with a \\ (escape) character");
            int r = escaped ? runes[i + 1] : runes[i];
            i += escaped ? 2 : 1;
            Token token;
            if (!escaped && r == '.') {
                token = new Token(null);
            } else if (!escaped && r == ']') {
                throw invalid(runes, i, "set-close ']' with no preceding '['");
            } else if (!escaped && r == '[') {
                Set<Integer> set = new HashSet<>();
                i = set(runes, i, set);
                token = new Token(set);
            } else if (!escaped && (r == '*' || r == '+')) {
                throw invalid(runes, i, "flag '" + new String(Character.toChars(r)) + "' must be preceded by a non-flag");
            } else {
                token = new Token(Set.of(r));
            }
            if (i < runes.length && (runes[i] == '*' || runes[i] == '+')) {
                token.flag = runes[i] == '*' ? Flag.STAR : Flag.PLUS;
                i++;
            }
            out.add(token);
        }
        return out;
    }

    /** The contents of [...] from index i (after the '['); returns the index after the ']'. */
    private static int set(int[] runes, int i, Set<Integer> set) {
        int prev = 0;
        boolean prevExists = false;
        while (i < runes.length) {
            boolean escaped = runes[i] == '\\';
            if (escaped && i == runes.length - 1) throw invalid(runes, i, "input ends with a \\ (escape) character");
            int r = escaped ? runes[i + 1] : runes[i];
            i += escaped ? 2 : 1;
            if (escaped) {
                set.add(r);
                prev = r;
                prevExists = true;
            } else if (r == ']') {
                return i;
            } else if (r == '-') {
                if (!prevExists) throw invalid(runes, i, "range character '-' must be preceded by a Unicode character");
                if (i >= runes.length - 1) throw invalid(runes, i, "range character '-' must be followed by a Unicode character");
                boolean hiEscaped = runes[i] == '\\';
                int hi = hiEscaped ? runes[i + 1] : runes[i];
                i += hiEscaped ? 2 : 1;
                if (!hiEscaped && (hi == ']' || hi == '-')) throw invalid(runes, i, "range character '-' cannot be followed by a special symbol");
                if (hi < prev) {
                    throw invalid(runes, i, "range is out of order: '" + new String(Character.toChars(hi))
                            + "' comes before '" + new String(Character.toChars(prev)) + "' in Unicode");
                }
                for (int x = prev; x <= hi; x++) set.add(x);
                prevExists = false;
            } else {
                set.add(r);
                prev = r;
                prevExists = true;
            }
        }
        throw invalid(runes, i, "found [ without matching ]");
    }

    private static RegoError invalid(int[] runes, int index, String message) {
        return RegoError.builtin("regex.globs_match", "input:" + new String(runes, 0, runes.length) + ", pos:" + index + ", "
                + message + ": the input provided is invalid");
    }
}
