package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * json.filter, json.remove, json.patch (RFC 6902, plus sets, where an element is its own path) and the
 * JSON Schema builtins (see {@link JsonSchemas}). Paths are JSON pointers ("a/b/0", "~1" for "/", "~0" for "~")
 * or arrays of segments. A failing patch makes json.patch undefined rather than an error, as in OPA.
 */
public final class JsonDocs implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("json.filter", 2, (ctx, a) -> {
            Value.Obj obj = Operands.object("json.filter", a, 0);
            return filter(obj, pathTree(paths("json.filter", a[1])));
        });
        r.register("json.remove", 2, (ctx, a) -> {
            Value.Obj obj = Operands.object("json.remove", a, 0);
            return remove(obj, pathTree(paths("json.remove", a[1])));
        });
        r.register("json.patch", 2, (ctx, a) -> patch(a[0], Operands.array("json.patch", a, 1)));
        r.register("json.verify_schema", 1, (ctx, a) -> JsonSchemas.verify(a[0]));
        r.register("json.match_schema", 2, (ctx, a) -> JsonSchemas.match(a[0], a[1]));
    }

    // ---------------------------------------------------------------- paths

    private static List<List<Value>> paths(String fn, Value operand) {
        List<Value> elements;
        if (operand instanceof Value.Arr arr) elements = arr.elements();
        else if (operand instanceof Value.SetV set) elements = set.elements();
        else throw Operands.oneOf(fn, 2, operand, "set", "array");
        List<List<Value>> out = new ArrayList<>(elements.size());
        for (Value p : elements) {
            List<Value> path = parsePath(p);
            if (path == null) {
                throw Operands.typeError(fn, 2, "must be one of {set, array} containing string paths or array of path segments but got "
                        + p.typeName());
            }
            out.add(path);
        }
        return out;
    }

    /** A JSON pointer (leading slashes ignored, "" is the root) or an array of segments; null for anything else. */
    static List<Value> parsePath(Value p) {
        if (p instanceof Value.Arr arr) return arr.elements();
        if (!(p instanceof Value.Str s)) return null;
        if (s.value().isEmpty()) return List.of();
        String trimmed = s.value().replaceFirst("^/+", "");
        List<Value> out = new ArrayList<>();
        for (String part : trimmed.split("/", -1)) {
            out.add(Value.str(part.replace("~1", "/").replace("~0", "~")));
        }
        return out;
    }

    /** Marks that a whole subtree is selected (OPA uses a null leaf). */
    private static final Object LEAF = new Object();

    /**
     * The paths as a tree of maps ending in {@link #LEAF}. A shorter path wins over a longer one through it,
     * whatever their order ("a" and "a/b" select all of "a"); empty paths select nothing.
     */
    @SuppressWarnings("unchecked")
    private static Map<Value, Object> pathTree(List<List<Value>> paths) {
        Map<Value, Object> root = new LinkedHashMap<>();
        for (List<Value> path : paths) {
            if (path.isEmpty()) continue;
            Map<Value, Object> node = root;
            boolean done = false;
            for (int i = 0; i < path.size() - 1 && !done; i++) {
                Object child = node.get(path.get(i));
                if (child == null) {
                    Map<Value, Object> next = new LinkedHashMap<>();
                    node.put(path.get(i), next);
                    node = next;
                } else if (child == LEAF) {
                    done = true;
                } else {
                    node = (Map<Value, Object>) child;
                }
            }
            if (!done) node.put(path.get(path.size() - 1), LEAF);
        }
        return root;
    }

    // ---------------------------------------------------------------- filter and remove

    /** Keeps what the tree selects; array elements are selected by their index as a string ("0"). */
    @SuppressWarnings("unchecked")
    private static Value filter(Value v, Object tree) {
        if (tree == LEAF) return v;
        Map<Value, Object> sel = (Map<Value, Object>) tree;
        if (v instanceof Value.Arr arr) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                Object sub = sel.get(Value.str(Integer.toString(i)));
                if (sub != null) out.add(filter(arr.get(i), sub));
            }
            return Value.Arr.wrap(out);
        }
        if (v instanceof Value.SetV set) {
            Set<Value> out = new HashSet<>();
            for (Value e : set.elements()) {
                Object sub = sel.get(e);
                if (sub != null) out.add(filter(e, sub));
            }
            return Value.SetV.wrap(out);
        }
        if (v instanceof Value.Obj obj) {
            Map<Value, Value> out = new HashMap<>();
            for (Value k : obj.keys()) {
                Object sub = sel.get(k);
                if (sub != null) out.put(k, filter(obj.get(k), sub));
            }
            return Value.Obj.wrap(out);
        }
        return v;
    }

    /** Drops what the tree selects; null means "removed". */
    @SuppressWarnings("unchecked")
    private static Value remove(Value v, Object tree) {
        if (tree == null) return v;
        if (tree == LEAF) return null;
        Map<Value, Object> sel = (Map<Value, Object>) tree;
        if (v instanceof Value.Obj obj) {
            Map<Value, Value> out = new HashMap<>();
            for (Value k : obj.keys()) {
                Value kept = remove(obj.get(k), sel.get(k));
                if (kept != null) out.put(k, kept);
            }
            return Value.Obj.wrap(out);
        }
        if (v instanceof Value.SetV set) {
            Set<Value> out = new HashSet<>();
            for (Value e : set.elements()) {
                Value kept = remove(e, sel.get(e));
                if (kept != null) out.add(kept);
            }
            return Value.SetV.wrap(out);
        }
        if (v instanceof Value.Arr arr) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                Value kept = remove(arr.get(i), sel.get(Value.str(Integer.toString(i))));
                if (kept != null) out.add(kept);
            }
            return Value.Arr.wrap(out);
        }
        return v;
    }

    // ---------------------------------------------------------------- patch

    /** Why a patch operation failed; json.patch turns any of these into "undefined". */
    private static final class PatchFailure extends Exception {
        PatchFailure(String message) { super(message, null, false, false); }
    }

    /** Applies the operations in order; a failure anywhere leaves the result undefined. */
    private static Value patch(Value target, Value.Arr operations) {
        try {
            Value doc = target;
            for (Value op : operations.elements()) {
                if (!(op instanceof Value.Obj o)) {
                    throw new PatchFailure("must be an array of JSON-Patch objects, but at least one element is not an object");
                }
                doc = apply(doc, o);
            }
            return doc; // null when the root was removed: undefined
        } catch (PatchFailure e) {
            return null;
        }
    }

    private static Value attribute(Value.Obj op, String name) throws PatchFailure {
        Value v = op.get(name);
        if (v == null) throw new PatchFailure("missing '" + name + "' attribute");
        return v;
    }

    private static List<Value> pathAttribute(Value.Obj op, String name) throws PatchFailure {
        List<Value> path = parsePath(attribute(op, name));
        if (path == null) throw new PatchFailure("invalid '" + name + "' attribute");
        return path;
    }

    private static Value apply(Value doc, Value.Obj op) throws PatchFailure {
        if (!(attribute(op, "op") instanceof Value.Str name)) throw new PatchFailure("attribute 'op' must be a string");
        switch (name.value()) {
            case "add", "remove", "replace", "move", "copy", "test" -> { }
            default -> throw new PatchFailure("unrecognized op '" + name.value() + "'");
        }
        List<Value> path = pathAttribute(op, "path");
        switch (name.value()) {
            case "add":
                return insertAt(doc, path, attribute(op, "value"));
            case "remove":
                return deleteAt(doc, path);
            case "replace": {
                Value value = attribute(op, "value");
                return insertAt(deleteAt(doc, path), path, value);
            }
            case "move": {
                List<Value> from = pathAttribute(op, "from");
                Value chunk = find(doc, from);
                return insertAt(deleteAt(doc, from), path, chunk);
            }
            case "copy": {
                List<Value> from = pathAttribute(op, "from");
                return insertAt(doc, path, find(doc, from));
            }
            default: { // test
                Value value = attribute(op, "value");
                if (!find(doc, path).equals(value)) throw new PatchFailure("value from document != patch value");
                return doc;
            }
        }
    }

    /** An edit of the child at {@code key} of a composite value. */
    private interface Edit {
        Value apply(Value node, Value key) throws PatchFailure;
    }

    /** Inserting at the root replaces the document (even a removed one). */
    private static Value insertAt(Value doc, List<Value> path, Value value) throws PatchFailure {
        if (path.isEmpty()) return value;
        return editParent(doc, path, (node, key) -> insert(node, key, value));
    }

    /** Removing the root leaves nothing, which later operations (other than add/replace at the root) cannot use. */
    private static Value deleteAt(Value doc, List<Value> path) throws PatchFailure {
        if (doc == null) throw new PatchFailure("deleted node encountered during delete operation");
        if (path.isEmpty()) return null;
        return editParent(doc, path, JsonDocs::delete);
    }

    private static Value editParent(Value doc, List<Value> path, Edit edit) throws PatchFailure {
        if (doc == null) throw new PatchFailure("nil value encountered where composite value was expected");
        return editAt(doc, path, 0, edit);
    }

    private static Value editAt(Value node, List<Value> path, int i, Edit edit) throws PatchFailure {
        Value key = path.get(i);
        if (i == path.size() - 1) return edit.apply(node, key);
        Value child = child(node, key);
        return replaceChild(node, key, child, editAt(child, path, i + 1, edit));
    }

    private static Value find(Value doc, List<Value> path) throws PatchFailure {
        if (doc == null) throw new PatchFailure("nil value encountered where composite value was expected");
        Value v = doc;
        for (Value key : path) v = child(v, key);
        return v;
    }

    private static Value child(Value node, Value key) throws PatchFailure {
        if (node instanceof Value.Obj o) {
            Value v = o.get(key);
            if (v == null) throw new PatchFailure("path " + key + " does not exist in object");
            return v;
        }
        if (node instanceof Value.SetV s) {
            if (!s.contains(key)) throw new PatchFailure("path " + key + " does not exist in set");
            return key;
        }
        if (node instanceof Value.Arr a) {
            int idx = index(a.size(), key);
            if (idx < 0 || idx >= a.size()) throw new PatchFailure("path " + idx + " does not exist in array");
            return a.get(idx);
        }
        throw new PatchFailure("expected composite type for path " + key + ", found " + node.typeName());
    }

    private static Value replaceChild(Value node, Value key, Value old, Value updated) throws PatchFailure {
        if (node instanceof Value.Obj o) {
            Map<Value, Value> m = new HashMap<>(o.asMap());
            m.put(key, updated);
            return Value.Obj.wrap(m);
        }
        if (node instanceof Value.SetV s) {
            Set<Value> m = new HashSet<>(s.asSet());
            m.remove(old);
            m.add(updated);
            return Value.SetV.wrap(m);
        }
        Value.Arr a = (Value.Arr) node;
        List<Value> l = new ArrayList<>(a.elements());
        l.set(index(a.size(), key), updated);
        return Value.Arr.wrap(l);
    }

    private static Value insert(Value node, Value key, Value value) throws PatchFailure {
        if (node instanceof Value.Obj o) {
            Map<Value, Value> m = new HashMap<>(o.asMap());
            m.put(key, value);
            return Value.Obj.wrap(m);
        }
        if (node instanceof Value.SetV s) {
            if (!key.equals(value)) throw new PatchFailure("set key " + key + " does not equal value to be inserted " + value);
            Set<Value> m = new HashSet<>(s.asSet());
            m.add(value);
            return Value.SetV.wrap(m);
        }
        if (node instanceof Value.Arr a) {
            int idx = index(a.size(), key);
            if (idx < 0 || idx > a.size()) throw new PatchFailure("index for array insertion out of bounds");
            List<Value> l = new ArrayList<>(a.elements());
            l.add(idx, value);
            return Value.Arr.wrap(l);
        }
        throw new PatchFailure("expected composite type, found " + node.typeName());
    }

    private static Value delete(Value node, Value key) throws PatchFailure {
        if (node instanceof Value.Obj o) {
            if (!o.containsKey(key)) throw new PatchFailure("cannot delete child key " + key + " that does not exist");
            Map<Value, Value> m = new HashMap<>(o.asMap());
            m.remove(key);
            return Value.Obj.wrap(m);
        }
        if (node instanceof Value.SetV s) {
            if (!s.contains(key)) throw new PatchFailure("cannot delete child key " + key + " that does not exist");
            Set<Value> m = new HashSet<>(s.asSet());
            m.remove(key);
            return Value.SetV.wrap(m);
        }
        if (node instanceof Value.Arr a) {
            int idx = index(a.size(), key);
            if (idx < 0 || idx >= a.size()) throw new PatchFailure("index for array delete out of bounds");
            List<Value> l = new ArrayList<>(a.elements());
            l.remove(idx);
            return Value.Arr.wrap(l);
        }
        throw new PatchFailure("expected composite type, found " + node.typeName());
    }

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    /**
     * An array index: an integer, "-" for one past the end, or a decimal string as Go's ParseInt reads it
     * (sign allowed, no exponent) without leading zeros. Out-of-range values are left to the caller's bounds check.
     */
    private static int index(int length, Value key) throws PatchFailure {
        BigInteger i;
        if (key instanceof Value.Num n) {
            if (!n.isInteger()) throw new PatchFailure("invalid number type for indexing");
            i = n.bigInteger();
        } else if (key instanceof Value.Str s) {
            String t = s.value();
            if (t.equals("-")) return length;
            if (!t.matches("[+-]?[0-9]+")) throw new PatchFailure("invalid string for indexing");
            if (!t.equals("0") && t.startsWith("0")) throw new PatchFailure("leading zeros are not allowed in JSON paths");
            i = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        } else {
            throw new PatchFailure("invalid type for indexing");
        }
        if (i.compareTo(INT_MIN) < 0 || i.compareTo(INT_MAX) > 0) return -1;
        return i.intValue();
    }

}
