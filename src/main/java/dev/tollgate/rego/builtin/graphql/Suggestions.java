package dev.tollgate.rego.builtin.graphql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** "Did you mean ...?" hints in validation messages: names within a small edit distance of what was typed. */
final class Suggestions {
    private Suggestions() {}

    private static final int MAX = 5;

    /** Appends {@code  Did you mean "a" or "b"?} to the message when some option is close to {@code typed}. */
    static String didYouMean(String message, String typed, List<String> options) {
        List<String> close = closeTo(typed, options);
        return close.isEmpty() ? message : message + " Did you mean " + quotedOrList(close) + "?";
    }

    /** {@code "a"}, {@code "a" or "b"}, {@code "a", "b", or "c"}; at most five names. */
    static String quotedOrList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String s : items.subList(0, Math.min(MAX, items.size()))) quoted.add("\"" + s + "\"");
        if (quoted.size() == 1) return quoted.get(0);
        if (quoted.size() == 2) return quoted.get(0) + " or " + quoted.get(1);
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + ", or " + quoted.get(quoted.size() - 1);
    }

    /** Options ordered by edit distance, then name; only those within 40% of the typed length. */
    static List<String> closeTo(String typed, List<String> options) {
        int threshold = typed.length() * 4 / 10 + 1;
        Map<String, Integer> distances = new HashMap<>();
        for (String o : options) {
            int d = distance(typed, o, threshold);
            if (d <= threshold) distances.put(o, d);
        }
        List<String> out = new ArrayList<>(distances.keySet());
        out.sort(Comparator.<String>comparingInt(distances::get).thenComparing(Comparator.naturalOrder()));
        return out;
    }

    /** Damerau-Levenshtein (optimal string alignment) on lower case; a case-only difference costs 1. */
    private static int distance(String a, String b, int threshold) {
        if (a.equals(b)) return 0;
        String x = a.toLowerCase(), y = b.toLowerCase();
        if (x.equals(y)) return 1;
        if (x.length() < y.length()) {
            String t = x;
            x = y;
            y = t;
        }
        if (x.length() - y.length() > threshold) return threshold + 1;
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) d[i][0] = i;
        for (int j = 0; j <= y.length(); j++) d[0][j] = j;
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[x.length()][y.length()];
    }
}
