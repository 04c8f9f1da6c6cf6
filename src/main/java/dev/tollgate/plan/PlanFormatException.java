package dev.tollgate.plan;

/**
 * A plan file that cannot be read: malformed JSON, a value of the wrong type, a shape no reader knows.
 * The message always names the file and where in it ({@code $.resource_changes[3].change.actions} or
 * {@code line 12, column 4}), so the CLI can print it as a single line.
 */
public final class PlanFormatException extends RuntimeException {

    private final String file;
    private final String where;
    private final String problem;

    public PlanFormatException(String file, String where, String problem) {
        this(file, where, problem, null);
    }

    public PlanFormatException(String file, String where, String problem, Throwable cause) {
        super(file + ": " + (where == null || where.isEmpty() ? "" : where + ": ") + problem, cause);
        this.file = file;
        this.where = where;
        this.problem = problem;
    }

    /** The file as the user named it, or "-" for stdin. */
    public String file() { return file; }

    /** A JSON path ({@code $.steps[2].urn}), a line/column, or empty when the whole file is at fault. */
    public String where() { return where; }

    public String problem() { return problem; }
}
