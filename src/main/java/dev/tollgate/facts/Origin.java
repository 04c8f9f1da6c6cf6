package dev.tollgate.facts;

/**
 * Where a catalogue row came from, so every figure can be traced back to its file and line.
 *
 * @param file     {@code catalogue/prices.csv} for bundled rows, the user's path for overrides
 * @param line     1-based line number
 * @param override true when the row comes from a user directory given with {@code --catalogue}
 */
public record Origin(String file, int line, boolean override) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
