package dev.tollgate.policy;

import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the policy input straight as Rego values: a plan of 15,000 resources would otherwise be built as a JSON
 * tree and then converted, twice the garbage for the same document. Nulls are written as JSON null.
 */
final class Doc {

    private final Map<Value, Value> fields = new HashMap<>();

    static Doc object() {
        return new Doc();
    }

    Doc put(String key, Value value) {
        fields.put(Value.str(key), value == null ? Value.NULL : value);
        return this;
    }

    Doc put(String key, String value) {
        return put(key, value == null ? Value.NULL : Value.str(value));
    }

    Doc put(String key, boolean value) {
        return put(key, Value.bool(value));
    }

    Doc put(String key, Long value) {
        return put(key, value == null ? Value.NULL : Value.num(value));
    }

    Doc put(String key, Integer value) {
        return put(key, value == null ? Value.NULL : Value.num(value));
    }

    Doc put(String key, BigDecimal value) {
        return put(key, value == null ? Value.NULL : Value.num(value));
    }

    Doc put(String key, Double value) {
        return put(key, value == null ? Value.NULL : Value.num(BigDecimal.valueOf(value)));
    }

    Doc put(String key, Boolean value) {
        return put(key, value == null ? Value.NULL : Value.bool(value));
    }

    Value.Obj build() {
        return Value.Obj.wrap(fields);
    }

    static Value.Arr strings(Collection<String> values) {
        List<Value> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(Value.str(v)));
        return Value.Arr.wrap(out);
    }

    static Value.Arr array(List<Value> values) {
        return Value.Arr.wrap(values);
    }
}
