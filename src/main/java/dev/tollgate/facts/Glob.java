package dev.tollgate.facts;

/**
 * Wildcard matching where {@code *} stands for any run of characters (dots and brackets included) and every
 * other character is literal. Used by discounts and usage-file address patterns
 * ({@code aws_instance.web[*]}, {@code module.gpu.*}).
 */
final class Glob {

    private Glob() {}

    static boolean matches(String pattern, String value) {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    static boolean isPattern(String s) {
        return s.indexOf('*') >= 0;
    }
}
