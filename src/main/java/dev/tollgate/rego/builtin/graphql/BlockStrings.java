package dev.tollgate.rego.builtin.graphql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The GraphQL spec's BlockStringValue: drop the common indentation and the blank first and last lines. */
final class BlockStrings {
    private BlockStrings() {}

    private static final int ALL_BLANK = Integer.MAX_VALUE;

    static String value(String raw) {
        List<String> lines = new ArrayList<>(Arrays.asList(raw.split("\n", -1)));
        int common = ALL_BLANK;
        for (int i = 1; i < lines.size(); i++) {
            int indent = leadingWhitespace(lines.get(i));
            if (indent < lines.get(i).length() && indent < common) {
                common = indent;
                if (common == 0) break;
            }
        }
        if (common != ALL_BLANK) {
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i);
                lines.set(i, l.length() < common ? "" : l.substring(common));
            }
        }
        int from = 0, to = lines.size();
        while (from < to && leadingWhitespace(lines.get(from)) == ALL_BLANK) from++;
        while (from < to && leadingWhitespace(lines.get(to - 1)) == ALL_BLANK) to--;
        return String.join("\n", lines.subList(from, to));
    }

    private static int leadingWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t') return i;
        }
        return ALL_BLANK;
    }
}
