package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * net.cidr_* builtins for IPv4 and IPv6, with Go's net package semantics (see {@link GoNet}).
 * OPA reads every CIDR operand as "operand 1" in its type errors; that numbering is kept.
 */
public final class Net implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("net.cidr_contains", 2, (ctx, a) -> Value.bool(contains("net.cidr_contains", a[0], a[1])));
        // The deprecated name is the same function in OPA.
        r.register("net.cidr_overlap", 2, (ctx, a) -> Value.bool(contains("net.cidr_overlap", a[0], a[1])));
        r.register("net.cidr_intersects", 2, (ctx, a) -> {
            GoNet.IpNet x = network("net.cidr_intersects", a[0]);
            GoNet.IpNet y = network("net.cidr_intersects", a[1]);
            return Value.bool(x.contains(y.ip()) || y.contains(x.ip()));
        });
        r.register("net.cidr_is_valid", 1, (ctx, a) ->
                Value.bool(a[0] instanceof Value.Str s && GoNet.parseCidr(s.value()) != null));
        r.register("net.cidr_expand", 1, (ctx, a) -> expand(ctx, Operands.string("net.cidr_expand", a, 0)));
        r.register("net.cidr_contains_matches", 2, (ctx, a) -> containsMatches(ctx, a[0], a[1]));
        r.register("net.cidr_merge", 1, (ctx, a) -> merge(a[0]));
    }

    private static String cidrString(String fn, Value v) {
        if (v instanceof Value.Str s) return s.value();
        throw RegoError.operand(fn, 1, "string", v);
    }

    private static GoNet.IpNet network(String fn, Value v) {
        String s = cidrString(fn, v);
        GoNet.IpNet n = GoNet.parseCidr(s);
        if (n == null) throw RegoError.builtin(fn, "invalid CIDR address: " + s);
        return n;
    }

    /** {@code cidr} contains {@code cidrOrIp}: an address inside it, or a network whose first and last address are. */
    private static boolean contains(String fn, Value cidr, Value cidrOrIp) {
        GoNet.IpNet outer = network(fn, cidr);
        String b = cidrString(fn, cidrOrIp);
        byte[] ip = GoNet.parseIp(b);
        if (ip != null) return outer.contains(ip);
        GoNet.IpNet inner = GoNet.parseCidr(b);
        if (inner == null) {
            throw RegoError.builtin(fn, "not a valid textual representation of an IP address or CIDR: " + b);
        }
        return outer.contains(inner.ip()) && outer.contains(lastIp(inner));
    }

    private static byte[] lastIp(GoNet.IpNet n) {
        int[] size = n.maskSize();
        if (size[0] == size[1]) return n.ip();
        int bytes = size[1] / 8;
        byte[] ip = n.ip().length == bytes ? n.ip() : Arrays.copyOfRange(n.ip(), n.ip().length - bytes, n.ip().length);
        BigInteger host = BigInteger.ONE.shiftLeft(size[1] - size[0]).subtract(BigInteger.ONE);
        byte[] raw = new BigInteger(1, ip).or(host).toByteArray();
        byte[] out = new byte[bytes];
        int k = Math.min(bytes, raw.length);
        System.arraycopy(raw, raw.length - k, out, bytes - k, k);
        return out;
    }

    /** Every address of the network, network and broadcast addresses included. */
    private static Value expand(BuiltinContext ctx, String s) {
        GoNet.IpNet n = GoNet.parseCidr(s);
        if (n == null) throw RegoError.builtin("net.cidr_expand", "invalid CIDR address: " + s);
        Set<Value> out = new HashSet<>();
        byte[] ip = GoNet.maskIp(n.ip(), n.mask());
        long count = 0;
        while (n.contains(ip)) {
            if ((++count & 0xfff) == 0) ctx.checkCancelled();
            out.add(Value.str(GoNet.ipString(ip)));
            if (!increment(ip)) break;
        }
        return Value.SetV.wrap(out);
    }

    /** Adds one in place; false when the address wrapped around to zero. */
    private static boolean increment(byte[] ip) {
        for (int j = ip.length - 1; j >= 0; j--) {
            ip[j]++;
            if (ip[j] != 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- cidr_contains_matches

    private static final String MATCHES = "net.cidr_contains_matches";

    /** One CIDR or address of an operand, with the term that names it in the result. */
    private record Item(Value cidr, Value index) {}

    private static Value containsMatches(BuiltinContext ctx, Value cidrs, Value cidrsOrIps) {
        List<Item> outer = items(1, cidrs);
        List<Item> inner = items(2, cidrsOrIps);
        Set<Value> out = new HashSet<>();
        for (Item a : outer) {
            ctx.checkCancelled();
            for (Item b : inner) {
                if (contains(MATCHES, a.cidr(), b.cidr())) out.add(Value.Arr.of(a.index(), b.index()));
            }
        }
        return Value.SetV.wrap(out);
    }

    /**
     * A string stands for itself; arrays are indexed by position, sets by element, objects by key. An element
     * is a string or a non-empty array whose first element is the CIDR. Other operand types hold nothing.
     */
    private static List<Item> items(int operand, Value v) {
        List<Item> out = new ArrayList<>();
        if (v instanceof Value.Str) {
            out.add(new Item(v, v));
        } else if (v instanceof Value.Arr arr) {
            for (int i = 0; i < arr.size(); i++) out.add(new Item(matchTerm(operand, arr.get(i)), Value.num(i)));
        } else if (v instanceof Value.SetV set) {
            for (Value x : set.elements()) out.add(new Item(matchTerm(operand, x), x));
        } else if (v instanceof Value.Obj o) {
            for (Value k : o.keys()) out.add(new Item(matchTerm(operand, o.get(k)), k));
        }
        return out;
    }

    private static Value matchTerm(int operand, Value v) {
        if (v instanceof Value.Str) return v;
        if (v instanceof Value.Arr arr && arr.size() > 0) return arr.get(0);
        throw RegoError.builtin(MATCHES, "operand " + operand + ": element must be string or non-empty array");
    }

    // ---------------------------------------------------------------- cidr_merge

    private static final String MERGE = "net.cidr_merge";
    private static final BigInteger V4_BASE = new BigInteger("ffff00000000", 16);
    private static final BigInteger V4_END = new BigInteger("ffffffffffff", 16);

    /** An address range in one 128-bit space (IPv4 at its IPv4-mapped place); {@code network} is null once merged. */
    private record Range(BigInteger first, BigInteger last, GoNet.IpNet network) {}

    /**
     * Merges addresses and networks into the fewest CIDRs (OPA's port of netaddr's algorithm): ranges sorted by
     * last then first address, folded from the top whenever one starts at or before the end of the previous.
     * A network that was not merged prints as given; a bare IPv4 address gets its classful default mask.
     */
    private static Value merge(Value operand) {
        List<Value> elements;
        if (operand instanceof Value.Arr arr) elements = arr.elements();
        else if (operand instanceof Value.SetV set) elements = set.elements();
        else throw RegoError.builtin(MERGE, "operand must be an array");

        List<Range> ranges = new ArrayList<>();
        for (Value e : elements) {
            GoNet.IpNet n = mergeNetwork(e);
            byte[] first = GoNet.maskIp(n.ip(), n.mask());
            BigInteger lo = GoNet.toBig(first);
            int[] size = n.maskSize();
            BigInteger host = BigInteger.ONE.shiftLeft(size[1] - size[0]).subtract(BigInteger.ONE);
            ranges.add(new Range(lo, lo.or(host), n));
        }
        ranges.sort(Comparator.comparing(Range::last).thenComparing(Range::first));
        for (int i = ranges.size() - 1; i > 0; i--) {
            Range cur = ranges.get(i);
            Range prev = ranges.get(i - 1);
            if (previous(cur.first()).compareTo(prev.last()) <= 0) {
                ranges.set(i - 1, new Range(prev.first().min(cur.first()), cur.last(), null));
                ranges.remove(i);
            }
        }
        Set<Value> out = new HashSet<>();
        for (Range r : ranges) {
            if (r.network() != null) {
                out.add(Value.str(r.network().toString()));
            } else {
                for (String cidr : rangeToCidrs(r.first(), r.last())) out.add(Value.str(cidr));
            }
        }
        return Value.SetV.wrap(out);
    }

    private static GoNet.IpNet mergeNetwork(Value e) {
        if (!(e instanceof Value.Str str)) throw RegoError.builtin(MERGE, "element must be string");
        String s = str.value();
        byte[] ip = GoNet.parseIp(s);
        if (ip == null) {
            GoNet.IpNet n = GoNet.parseCidr(s);
            if (n == null) throw RegoError.builtin(MERGE, "invalid CIDR address: " + s);
            return n;
        }
        byte[] v4 = GoNet.to4(ip);
        if (v4 == null) throw RegoError.builtin(MERGE, "IPv6 invalid: needs prefix length");
        // Go's IP.DefaultMask(): the old class A/B/C boundaries; the address itself is not masked.
        int ones = (v4[0] & 0xff) < 0x80 ? 8 : (v4[0] & 0xff) < 0xC0 ? 16 : 24;
        return new GoNet.IpNet(ip, GoNet.cidrMask(ones, 32));
    }

    /** The address before, except at 0.0.0.0 and :: where there is none. */
    private static BigInteger previous(BigInteger ip) {
        if (ip.signum() == 0 || ip.equals(V4_BASE)) return ip;
        return ip.subtract(BigInteger.ONE);
    }

    /** The fewest aligned blocks covering [first, last], in the address family of {@code first}. */
    private static List<String> rangeToCidrs(BigInteger first, BigInteger last) {
        boolean v4 = first.compareTo(V4_BASE) >= 0 && first.compareTo(V4_END) <= 0;
        int bits = v4 ? 32 : 128;
        BigInteger base = v4 ? V4_BASE : BigInteger.ZERO;
        List<String> out = new ArrayList<>();
        BigInteger cur = first;
        while (cur.compareTo(last) <= 0) {
            BigInteger offset = cur.subtract(base);
            int k = offset.signum() == 0 ? bits : Math.min(bits, offset.getLowestSetBit());
            while (k > 0 && cur.add(BigInteger.ONE.shiftLeft(k)).subtract(BigInteger.ONE).compareTo(last) > 0) k--;
            byte[] ip16 = GoNet.fromBig(cur);
            GoNet.IpNet n = v4 ? new GoNet.IpNet(ip16, GoNet.cidrMask(32 - k, 32)) : new GoNet.IpNet(ip16, GoNet.cidrMask(128 - k, 128));
            out.add(n.toString());
            cur = cur.add(BigInteger.ONE.shiftLeft(k));
        }
        return out;
    }
}
