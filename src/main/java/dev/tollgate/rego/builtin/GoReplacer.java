package dev.tollgate.rego.builtin;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code strings.NewReplacer}: old/new pairs applied in one left-to-right pass without overlaps. Where several
 * olds match at one position the earliest pair wins (not the longest), and an empty old matches between every two
 * characters but never twice in a row. Go steps over bytes there; we step over code points, so a replacement is never
 * inserted inside a multi-byte character.
 */
final class GoReplacer {
    private final List<String> olds = new ArrayList<>();
    private final List<String> news = new ArrayList<>();

    private GoReplacer() {}

    /** Pairs as a flat list: old1, new1, old2, new2, ... */
    static GoReplacer of(List<String> oldNew) {
        GoReplacer r = new GoReplacer();
        for (int i = 0; i + 1 < oldNew.size(); i += 2) {
            r.olds.add(oldNew.get(i));
            r.news.add(oldNew.get(i + 1));
        }
        return r;
    }

    String replace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        boolean prevMatchEmpty = false;
        for (int i = 0; i <= s.length(); ) {
            int match = lookup(s, i, prevMatchEmpty);
            prevMatchEmpty = match >= 0 && olds.get(match).isEmpty();
            if (match >= 0) {
                out.append(s, last, i).append(news.get(match));
                i += olds.get(match).length();
                last = i;
                continue;
            }
            if (i == s.length()) break;
            i += Character.charCount(s.codePointAt(i));
        }
        return out.append(s, last, s.length()).toString();
    }

    /** The first pair whose old starts at i, skipping the empty old right after an empty match; -1 if none. */
    private int lookup(String s, int i, boolean skipEmpty) {
        for (int k = 0; k < olds.size(); k++) {
            String old = olds.get(k);
            if (old.isEmpty() ? !skipEmpty : s.startsWith(old, i)) return k;
        }
        return -1;
    }
}
