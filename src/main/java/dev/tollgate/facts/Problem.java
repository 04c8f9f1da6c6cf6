package dev.tollgate.facts;

/**
 * One thing wrong with a catalogue or usage file, pinned to where it was found.
 * Printed as {@code catalogue/prices.csv:17: price must be positive} so editors and CI logs can jump to it.
 *
 * @param file    the file as the user named it (bundled files read as {@code catalogue/NAME})
 * @param line    1-based line number, or 0 when the problem is about the whole file
 * @param message what is wrong, in words a catalogue editor can act on
 */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
