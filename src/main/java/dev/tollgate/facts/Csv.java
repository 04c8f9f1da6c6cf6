package dev.tollgate.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small RFC 4180 reader for the catalogue files: a header line, then one record per line, fields optionally
 * in double quotes (with {@code ""} for a quote). Records never span lines, which keeps line numbers exact for
 * error messages. Blank lines and lines starting with {@code #} are skipped.
 */
final class Csv {

    private Csv() {}

    /** One data line: its 1-based line number and its fields by column name. */
    record Row(int line, Map<String, String> fields) {
        String get(String column) {
            String v = fields.get(column);
            return v == null ? "" : v.strip();
        }
    }

    /** The parsed file, or the problems that stopped it being parsed line by line. */
    record Table(List<String> header, List<Row> rows, List<Problem> problems) {}

    /**
     * Parses {@code text}. The header must contain every {@code required} column and nothing outside
     * {@code required} and {@code optional}, so a misspelt column is an error rather than a silently empty field.
     */
    static Table parse(String file, String text, List<String> required, List<String> optional) {
        List<Problem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int headerIndex = -1;
        for (int i = 0; i < lines.length; i++) {
            if (!skippable(lines[i])) { headerIndex = i; break; }
        }
        if (headerIndex < 0) {
            problems.add(new Problem(file, 0, "empty file: expected a header line " + String.join(",", required)));
            return new Table(List.of(), rows, problems);
        }
        List<String> header;
        try {
            header = fields(lines[headerIndex]);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, headerIndex + 1, e.getMessage()));
            return new Table(List.of(), rows, problems);
        }
        header = header.stream().map(String::strip).toList();
        Set<String> allowed = new java.util.HashSet<>(required);
        allowed.addAll(optional);
        for (String column : required) {
            if (!header.contains(column)) problems.add(new Problem(file, headerIndex + 1, "missing column '" + column + "'"));
        }
        for (String column : header) {
            if (!allowed.contains(column)) {
                problems.add(new Problem(file, headerIndex + 1, "unknown column '" + column + "' (expected " + String.join(",", required)
                        + (optional.isEmpty() ? "" : " and optionally " + String.join(",", optional)) + ")"));
            }
        }
        if (!problems.isEmpty()) return new Table(header, rows, problems);

        for (int i = headerIndex + 1; i < lines.length; i++) {
            if (skippable(lines[i])) continue;
            int lineNo = i + 1;
            List<String> values;
            try {
                values = fields(lines[i]);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(file, lineNo, e.getMessage()));
                continue;
            }
            if (values.size() != header.size()) {
                problems.add(new Problem(file, lineNo, "expected " + header.size() + " fields, found " + values.size()));
                continue;
            }
            Map<String, String> byName = new HashMap<>(header.size() * 2);
            for (int c = 0; c < header.size(); c++) byName.put(header.get(c), values.get(c));
            rows.add(new Row(lineNo, byName));
        }
        return new Table(header, rows, problems);
    }

    private static boolean skippable(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quoted field");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') { field.append('"'); i++; }
                        else break;
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') throw new IllegalArgumentException("text after closing quote at column " + (i + 1));
            } else {
                while (i < n && line.charAt(i) != ',') field.append(line.charAt(i++));
            }
            out.add(field.toString());
            field.setLength(0);
            if (i >= n) return out;
            i++; // the comma
        }
    }

    /** Quotes a field for writing when it needs it. */
    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) return value;
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
