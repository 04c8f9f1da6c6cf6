package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** array.*, set algebra (intersection, union, set_diff) and object.* builtins. */
public final class Collections implements BuiltinRegistry.Family {
    @Override
    public void register(BuiltinRegistry r) {
        r.register("array.concat", 2, (ctx, a) -> {
            List<Value> out = new ArrayList<>(Operands.array("array.concat", a, 0).elements());
            out.addAll(Operands.array("array.concat", a, 1).elements());
            return Value.Arr.wrap(out);
        });
        r.register("array.slice", 3, (ctx, a) -> slice(a));
        r.register("array.reverse", 1, (ctx, a) -> {
            List<Value> out = new ArrayList<>(Operands.array("array.reverse", a, 0).elements());
            java.util.Collections.reverse(out);
            return Value.Arr.wrap(out);
        });
        r.register("array.flatten", 1, (ctx, a) -> {
            List<Value> out = new ArrayList<>();
            for (Value v : Operands.array("array.flatten", a, 0).elements()) {
                if (v instanceof Value.Arr inner) out.addAll(inner.elements());
                else out.add(v);
            }
            return Value.Arr.wrap(out);
        });

        r.register("intersection", 1, (ctx, a) -> intersection(a));
        r.register("union", 1, (ctx, a) -> {
            Set<Value> out = new HashSet<>();
            for (Value s : Operands.set("union", a, 0).elements()) out.addAll(member("union", s).asSet());
            return Value.SetV.wrap(out);
        });
        r.register("set_diff", 2, (ctx, a) -> {
            Set<Value> out = new HashSet<>(Operands.set("set_diff", a, 0).asSet());
            out.removeAll(Operands.set("set_diff", a, 1).asSet());
            return Value.SetV.wrap(out);
        });

        r.register("object.get", 3, (ctx, a) -> objectGet(a));
        r.register("object.keys", 1, (ctx, a) -> Value.SetV.copyOf(Operands.object("object.keys", a, 0).keys()));
        r.register("object.remove", 2, (ctx, a) -> {
            Value.Obj obj = Operands.object("object.remove", a, 0);
            Set<Value> drop = keyParam("object.remove", a);
            Map<Value, Value> out = new HashMap<>();
            obj.asMap().forEach((k, v) -> { if (!drop.contains(k)) out.put(k, v); });
            return Value.Obj.wrap(out);
        });
        r.register("object.filter", 2, (ctx, a) -> {
            Value.Obj obj = Operands.object("object.filter", a, 0);
            Set<Value> keep = keyParam("object.filter", a);
            Map<Value, Value> out = new HashMap<>();
            for (Value k : keep) if (obj.containsKey(k)) out.put(k, obj.get(k));
            return Value.Obj.wrap(out);
        });
        r.register("object.union", 2, (ctx, a) ->
                merge(Operands.object("object.union", a, 0), Operands.object("object.union", a, 1)));
        r.register("object.union_n", 1, (ctx, a) -> unionN(a));
        r.register("object.subset", 2, (ctx, a) -> subset(a));
    }

    /** Indices are clamped into the array; a start past the stop gives an empty slice. */
    private static Value slice(Value[] a) {
        Value.Arr arr = Operands.array("array.slice", a, 0);
        long start = Operands.int64("array.slice", a, 1);
        long stop = Operands.int64("array.slice", a, 2);
        stop = Math.max(0, Math.min(stop, arr.size()));
        start = Math.max(0, Math.min(start, stop));
        return Value.Arr.copyOf(arr.elements().subList((int) start, (int) stop));
    }

    private static Value intersection(Value[] a) {
        Value.SetV sets = Operands.set("intersection", a, 0);
        Set<Value> out = null;
        for (Value s : sets.elements()) {
            Value.SetV set = member("intersection", s);
            if (out == null) out = new HashSet<>(set.asSet());
            else out.retainAll(set.asSet());
        }
        return out == null ? Value.SetV.EMPTY : Value.SetV.wrap(out);
    }

    /** Every member of a set-of-sets must be a set; OPA reports it as operand 1 itself. */
    private static Value.SetV member(String fn, Value v) {
        if (v instanceof Value.SetV s) return s;
        throw RegoError.operand(fn, 1, "set", v);
    }

    /** The keys named by an array, set or object (its keys) operand. */
    private static Set<Value> keyParam(String fn, Value[] a) {
        if (a[1] instanceof Value.Arr arr) return new HashSet<>(arr.elements());
        if (a[1] instanceof Value.SetV s) return s.asSet();
        if (a[1] instanceof Value.Obj o) return o.asMap().keySet();
        throw Operands.oneOf(fn, a, 1, "object", "set", "array");
    }

    /**
     * object.get(obj, key, default): a non-array key is looked up directly; an array key is a path walked through
     * objects, arrays (integer indices) and sets (members); an empty path gives the object itself.
     */
    private static Value objectGet(Value[] a) {
        Value.Obj obj = Operands.object("object.get", a, 0);
        if (!(a[1] instanceof Value.Arr path)) {
            Value v = obj.get(a[1]);
            return v != null ? v : a[2];
        }
        Value cur = obj;
        for (Value step : path.elements()) {
            cur = child(cur, step);
            if (cur == null) return a[2];
        }
        return cur;
    }

    private static Value child(Value v, Value step) {
        if (v instanceof Value.Obj o) return o.get(step);
        if (v instanceof Value.Arr arr) {
            if (!(step instanceof Value.Num n)) return null;
            Integer i = n.intValue();
            return i != null && i >= 0 && i < arr.size() ? arr.get(i) : null;
        }
        if (v instanceof Value.SetV s) return s.contains(step) ? step : null;
        return null;
    }

    /** Keys of b win; where both values are objects they are merged recursively. */
    static Value.Obj merge(Value.Obj x, Value.Obj y) {
        if (x.equals(y)) return x;
        Map<Value, Value> out = new HashMap<>(x.asMap());
        y.asMap().forEach((k, v) -> {
            Value old = out.get(k);
            out.put(k, old instanceof Value.Obj oo && v instanceof Value.Obj vo ? merge(oo, vo) : v);
        });
        return Value.Obj.wrap(out);
    }

    /**
     * object.union_n: a left-to-right merge with overwrite. OPA folds from the right and "freezes" an object once a
     * non-object has overwritten it, so {"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}} gives {"a": {"c": 3}}.
     */
    private static Value unionN(Value[] a) {
        Value.Arr arr = Operands.array("object.union_n", a, 0);
        Nested result = new Nested(new HashMap<>());
        Set<Nested> frozen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = arr.size() - 1; i >= 0; i--) {
            Value e = arr.get(i);
            if (!(e instanceof Value.Obj o)) throw Operands.element("object.union_n", 1, arr, e, "object");
            mergeInto(result, o, frozen);
        }
        return result.toValue();
    }

    /** Adds other's keys that target lacks; where both hold objects, merges them unless the target's was frozen. */
    private static void mergeInto(Nested target, Value.Obj other, Set<Nested> frozen) {
        for (Value k : other.keys()) {
            Value v = other.get(k);
            Object existing = target.map.get(k);
            if (existing == null) {
                target.map.put(k, Nested.mutable(v));
            } else if (existing instanceof Nested n && v instanceof Value.Obj o) {
                if (!frozen.contains(n)) mergeInto(n, o, frozen);
            } else if (existing instanceof Nested n) {
                frozen.add(n);
            }
        }
    }

    /** An object being merged in place: values are Values, or Nested for objects. */
    private record Nested(Map<Value, Object> map) {
        static Object mutable(Value v) {
            if (!(v instanceof Value.Obj o)) return v;
            Map<Value, Object> m = new HashMap<>();
            o.asMap().forEach((k, x) -> m.put(k, mutable(x)));
            return new Nested(m);
        }

        Value.Obj toValue() {
            Map<Value, Value> out = new HashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put(k, v instanceof Nested n ? n.toValue() : (Value) v));
            return Value.Obj.wrap(out);
        }

        // Identity, not contents, decides which object was frozen.
        @Override public boolean equals(Object o) { return this == o; }
        @Override public int hashCode() { return System.identityHashCode(this); }
    }

    private static Value subset(Value[] a) {
        Value sup = a[0], sub = a[1];
        if (sup instanceof Value.Obj x && sub instanceof Value.Obj y) return Value.bool(objectSubset(x, y));
        if (sup instanceof Value.SetV x && sub instanceof Value.SetV y) return Value.bool(x.asSet().containsAll(y.asSet()));
        if (sup instanceof Value.Arr x && sub instanceof Value.Arr y) return Value.bool(arraySubset(x, y));
        if (sup instanceof Value.Arr x && sub instanceof Value.SetV y) return Value.bool(new HashSet<>(x.elements()).containsAll(y.asSet()));
        throw new RegoError(RegoError.EVAL_TYPE, "object.subset: both arguments object.subset must be of the same type or array and set");
    }

    /** Every key of sub is in sup with an equal value, or with a value that is itself a subset (objects, sets, arrays). */
    private static boolean objectSubset(Value.Obj sup, Value.Obj sub) {
        for (Value k : sub.keys()) {
            Value x = sup.get(k), y = sub.get(k);
            if (x == null) return false;
            if (x.equals(y)) continue;
            boolean nested = x instanceof Value.Obj xo && y instanceof Value.Obj yo ? objectSubset(xo, yo)
                    : x instanceof Value.SetV xs && y instanceof Value.SetV ys ? xs.asSet().containsAll(ys.asSet())
                    : x instanceof Value.Arr xa && y instanceof Value.Arr ya && arraySubset(xa, ya);
            if (!nested) return false;
        }
        return true;
    }

    /** sub appears in sup as a contiguous run. */
    private static boolean arraySubset(Value.Arr sup, Value.Arr sub) {
        return java.util.Collections.indexOfSubList(sup.elements(), sub.elements()) >= 0;
    }
}
