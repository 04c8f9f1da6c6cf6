package dev.tollgate.rego;

import java.util.List;
import java.util.Map;

/**
 * What a query answered: one row per solution, each with the query's variable bindings and the value of
 * each of its expressions (as {@code opa eval} reports them). Empty rows mean the query was undefined.
 *
 * @param error   the error that ended evaluation, or null; rows holds what was found before it
 * @param notes   notes recorded by {@code trace()}
 */
public record ResultSet(List<Row> rows, List<String> expressionTexts, List<RegoError.Location> expressionLocations,
                        RegoError error, List<String> notes) {

    /** One solution. */
    public record Row(Map<String, Value> bindings, List<Value> expressions) {}

    public boolean isEmpty() { return rows.isEmpty(); }

    public int size() { return rows.size(); }

    /** The value of the first expression in the first row: the usual answer to a query like {@code data.x.allow}. */
    public Value value() {
        return rows.isEmpty() || rows.get(0).expressions().isEmpty() ? null : rows.get(0).expressions().get(0);
    }

    /** Throws the evaluation error, if any; otherwise returns this. */
    public ResultSet orThrow() {
        if (error != null) throw error;
        return this;
    }
}
