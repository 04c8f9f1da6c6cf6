package dev.tollgate.rego;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Rego value: the seven JSON-plus-sets types, immutable, compared and ordered the way OPA does
 * (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set; numbers by numeric value so {@code 1 == 1.0}).
 * Objects and sets iterate in sorted order, as OPA's evaluator does, so comprehension results are deterministic.
 */
public sealed interface Value extends Comparable<Value>
        permits Value.Null, Value.Bool, Value.Num, Value.Str, Value.Arr, Value.Obj, Value.SetV {

    /** OPA's type name: null, boolean, number, string, array, object, set. */
    String typeName();

    /** Rank of the type in OPA's total order. */
    int typeRank();

    @Override
    default int compareTo(Value other) {
        int r = Integer.compare(typeRank(), other.typeRank());
        return r != 0 ? r : compareSameType(other);
    }

    int compareSameType(Value other);

    Null NULL = new Null();
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);

    static Bool bool(boolean b) { return b ? TRUE : FALSE; }

    static Str str(String s) { return new Str(s); }

    static Num num(long n) { return new Num(BigDecimal.valueOf(n)); }

    static Num num(BigDecimal n) { return new Num(n); }

    static Num num(BigInteger n) { return new Num(new BigDecimal(n)); }

    // ---------------------------------------------------------------- scalars

    final class Null implements Value {
        private Null() {}
        public String typeName() { return "null"; }
        public int typeRank() { return 0; }
        public int compareSameType(Value other) { return 0; }
        @Override public boolean equals(Object o) { return o instanceof Null; }
        @Override public int hashCode() { return 0; }
        @Override public String toString() { return "null"; }
    }

    record Bool(boolean value) implements Value {
        public String typeName() { return "boolean"; }
        public int typeRank() { return 1; }
        public int compareSameType(Value other) { return Boolean.compare(value, ((Bool) other).value); }
        @Override public String toString() { return Boolean.toString(value); }
    }

    /** An arbitrary-precision number. Equality and hashing are numeric: 1, 1.0 and 1e0 are one value. */
    final class Num implements Value {
        private final BigDecimal value;
        private int hash;

        public Num(BigDecimal value) { this.value = value; }

        public BigDecimal value() { return value; }

        /** True when the value has no fractional part (1.0 counts as integral, as in OPA). */
        public boolean isInteger() {
            return value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
        }

        /** The integer value, or throws ArithmeticException when not integral. */
        public BigInteger bigInteger() { return value.toBigIntegerExact(); }

        /** The value as an int when integral and in range, else null. */
        public Integer intValue() {
            if (!isInteger()) return null;
            try {
                return value.intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        public String typeName() { return "number"; }
        public int typeRank() { return 2; }
        public int compareSameType(Value other) { return value.compareTo(((Num) other).value); }

        @Override public boolean equals(Object o) {
            return o instanceof Num n && value.compareTo(n.value) == 0;
        }

        @Override public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = value.signum() == 0 ? 1 : value.stripTrailingZeros().hashCode();
                hash = h == 0 ? 1 : h;
            }
            return h;
        }

        /** JSON-style text: integers without exponent or fraction, others in plain notation where short. */
        @Override public String toString() { return Values.formatNumber(value); }
    }

    record Str(String value) implements Value {
        public String typeName() { return "string"; }
        public int typeRank() { return 3; }
        public int compareSameType(Value other) { return Values.compareUtf8(value, ((Str) other).value); }
        @Override public String toString() { return Values.quote(value); }
    }

    // ---------------------------------------------------------------- collections

    final class Arr implements Value {
        public static final Arr EMPTY = new Arr(List.of());
        private final List<Value> elements;
        private int hash;

        private Arr(List<Value> elements) { this.elements = elements; }

        /** Takes ownership of the list; callers must not change it afterwards. */
        public static Arr wrap(List<Value> elements) { return elements.isEmpty() ? EMPTY : new Arr(Collections.unmodifiableList(elements)); }

        public static Arr of(Value... elements) { return wrap(new ArrayList<>(Arrays.asList(elements))); }

        public static Arr copyOf(Collection<? extends Value> elements) { return wrap(new ArrayList<>(elements)); }

        public List<Value> elements() { return elements; }
        public int size() { return elements.size(); }
        public Value get(int i) { return elements.get(i); }

        public String typeName() { return "array"; }
        public int typeRank() { return 4; }

        public int compareSameType(Value other) {
            List<Value> b = ((Arr) other).elements;
            int n = Math.min(elements.size(), b.size());
            for (int i = 0; i < n; i++) {
                int c = elements.get(i).compareTo(b.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(elements.size(), b.size());
        }

        @Override public boolean equals(Object o) {
            return o == this || (o instanceof Arr a && hashCode() == a.hashCode() && elements.equals(a.elements));
        }

        @Override public int hashCode() {
            int h = hash;
            if (h == 0) hash = h = elements.hashCode() * 31 + 4;
            return h;
        }

        @Override public String toString() { return Values.render(this); }
    }

    /** An object with keys of any type. Lookups hash; iteration is in sorted key order. */
    final class Obj implements Value {
        public static final Obj EMPTY = new Obj(Map.of());
        private final Map<Value, Value> map;
        private volatile Value[] sortedKeys;
        private int hash;

        private Obj(Map<Value, Value> map) { this.map = map; }

        /** Takes ownership of the map; callers must not change it afterwards. */
        public static Obj wrap(Map<Value, Value> map) { return map.isEmpty() ? EMPTY : new Obj(map); }

        public static Builder builder() { return new Builder(); }

        public Value get(Value key) { return map.get(key); }
        public Value get(String key) { return map.get(new Str(key)); }
        public boolean containsKey(Value key) { return map.containsKey(key); }
        public int size() { return map.size(); }
        public boolean isEmpty() { return map.isEmpty(); }

        /** Read-only view; iteration order of this map is NOT sorted, use {@link #keys()} for that. */
        public Map<Value, Value> asMap() { return Collections.unmodifiableMap(map); }

        /** Keys in OPA's sorted order. */
        public List<Value> keys() { return Arrays.asList(sorted()); }

        private Value[] sorted() {
            Value[] s = sortedKeys;
            if (s == null) {
                s = map.keySet().toArray(new Value[0]);
                Arrays.sort(s);
                sortedKeys = s;
            }
            return s;
        }

        public String typeName() { return "object"; }
        public int typeRank() { return 5; }

        public int compareSameType(Value other) {
            Obj b = (Obj) other;
            Value[] ka = sorted(), kb = b.sorted();
            int n = Math.min(ka.length, kb.length);
            for (int i = 0; i < n; i++) {
                int c = ka[i].compareTo(kb[i]);
                if (c != 0) return c;
                c = map.get(ka[i]).compareTo(b.map.get(kb[i]));
                if (c != 0) return c;
            }
            return Integer.compare(ka.length, kb.length);
        }

        @Override public boolean equals(Object o) {
            return o == this || (o instanceof Obj b && hashCode() == b.hashCode() && map.equals(b.map));
        }

        @Override public int hashCode() {
            int h = hash;
            if (h == 0) hash = h = map.hashCode() * 31 + 5;
            return h;
        }

        @Override public String toString() { return Values.render(this); }

        public static final class Builder {
            private final Map<Value, Value> map = new LinkedHashMap<>();
            public Builder put(Value k, Value v) { map.put(k, v); return this; }
            public Builder put(String k, Value v) { map.put(new Str(k), v); return this; }
            public Value get(Value k) { return map.get(k); }
            public Obj build() { return Obj.wrap(new HashMap<>(map)); }
        }
    }

    /** A set of values. Membership hashes; iteration is in sorted order. */
    final class SetV implements Value {
        public static final SetV EMPTY = new SetV(Set.of());
        private final Set<Value> set;
        private volatile Value[] sorted;
        private int hash;

        private SetV(Set<Value> set) { this.set = set; }

        /** Takes ownership of the set; callers must not change it afterwards. */
        public static SetV wrap(Set<Value> set) { return set.isEmpty() ? EMPTY : new SetV(set); }

        public static SetV of(Value... elements) { return wrap(new HashSet<>(Arrays.asList(elements))); }

        public static SetV copyOf(Collection<? extends Value> elements) { return wrap(new HashSet<>(elements)); }

        public boolean contains(Value v) { return set.contains(v); }
        public int size() { return set.size(); }
        public boolean isEmpty() { return set.isEmpty(); }

        /** Read-only, unsorted view for set algebra. */
        public Set<Value> asSet() { return Collections.unmodifiableSet(set); }

        /** Elements in OPA's sorted order. */
        public List<Value> elements() { return Arrays.asList(sortedElements()); }

        private Value[] sortedElements() {
            Value[] s = sorted;
            if (s == null) {
                s = set.toArray(new Value[0]);
                Arrays.sort(s);
                sorted = s;
            }
            return s;
        }

        public String typeName() { return "set"; }
        public int typeRank() { return 6; }

        public int compareSameType(Value other) {
            Value[] a = sortedElements(), b = ((SetV) other).sortedElements();
            int n = Math.min(a.length, b.length);
            for (int i = 0; i < n; i++) {
                int c = a[i].compareTo(b[i]);
                if (c != 0) return c;
            }
            return Integer.compare(a.length, b.length);
        }

        @Override public boolean equals(Object o) {
            return o == this || (o instanceof SetV b && hashCode() == b.hashCode() && set.equals(b.set));
        }

        @Override public int hashCode() {
            int h = hash;
            if (h == 0) hash = h = set.hashCode() * 31 + 6;
            return h;
        }

        @Override public String toString() { return Values.render(this); }
    }
}
