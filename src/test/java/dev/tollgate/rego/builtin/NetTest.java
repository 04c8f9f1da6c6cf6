package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.assertResult;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.expected;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.set;
import static dev.tollgate.rego.builtin.Conformance.str;
import static dev.tollgate.rego.builtin.Conformance.strSet;
import static dev.tollgate.rego.builtin.Conformance.strs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetTest {

    /** The netcidrcontains/netcidrintersects cases collect the boolean into a set: [x]. */
    private static void assertSetOfOne(String note, String fn, String a, String b) {
        assertResult(expected(note), set(call(fn, str(a), str(b))), note);
    }

    @Test
    void containsMatchesConformanceCases() {
        assertSetOfOne("netcidrcontains/cidr does not contain subnet partial", "net.cidr_contains", "172.17.0.0/24", "172.17.0.0/16");
        assertSetOfOne("netcidrcontains/cidr does not contain subnet", "net.cidr_contains", "10.0.0.0/8", "192.168.1.0/24");
        assertSetOfOne("netcidrcontains/cidr contains single ip subnet", "net.cidr_contains", "10.0.0.0/8", "10.1.1.1/32");
        assertSetOfOne("netcidrcontains/cidr contains subnet ipv6", "net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40");
        assertSetOfOne("netcidrcontains/cidr contains single ip subnet ipv6", "net.cidr_contains", "2001:4860:4860::8888/32",
                "2001:4860:4860:1234:5678:1234:5678:8888/128");
        assertSetOfOne("netcidrcontains/cidr does not contain subnet partial ipv6", "net.cidr_contains", "2001:4860::/96", "2001:4860::/32");
        assertSetOfOne("netcidrcontains/cidr does not contain subnet ipv6", "net.cidr_contains", "2001:4860::/32", "fd1e:5bfe:8af3:9ddc::/64");
        assertSetOfOne("netcidrcontains/cidr contains ip", "net.cidr_contains", "10.0.0.0/8", "10.1.2.3");
        assertSetOfOne("netcidrcontains/cidr does not contain ip", "net.cidr_contains", "10.0.0.0/8", "192.168.1.1");
        assertCaseError("netcidrcontains/cidr subnet overlap malformed cidr a", "net.cidr_contains", str("not-a-cidr"), str("192.168.1.67"));
        assertCaseError("netcidrcontains/cidr subnet overlap malformed cidr b", "net.cidr_contains", str("192.168.1.0/28"), str("not-a-cidr"));
    }

    @Test
    void containsErrorsReadAsInOpa() {
        assertEquals("net.cidr_contains: invalid CIDR address: not-a-cidr",
                assertThrows(RegoError.class, () -> call("net.cidr_contains", str("not-a-cidr"), str("1.2.3.4"))).detail());
        assertEquals("net.cidr_contains: not a valid textual representation of an IP address or CIDR: 1.2.3",
                assertThrows(RegoError.class, () -> call("net.cidr_contains", str("1.0.0.0/8"), str("1.2.3"))).detail());
        // OPA numbers the second operand "1" too
        RegoError e = assertThrows(RegoError.class, () -> call("net.cidr_contains", str("1.0.0.0/8"), num(1)));
        assertEquals("eval_type_error: net.cidr_contains: operand 1 must be string but got number", e.getMessage());
        assertEquals(Value.TRUE, call("net.cidr_overlap", str("10.0.0.0/8"), str("10.1.2.3")));
        // IPv4-mapped IPv6 addresses are IPv4 to Go
        assertEquals(Value.TRUE, call("net.cidr_contains", str("10.0.0.0/8"), str("::ffff:10.1.2.3")));
        // leading zeros are not IPv4 to net/netip
        assertThrows(RegoError.class, () -> call("net.cidr_contains", str("10.0.0.0/8"), str("010.1.2.3")));
    }

    @Test
    void intersectsMatchesConformanceCases() {
        assertSetOfOne("netcidrintersects/cidr subnet overlaps", "net.cidr_intersects", "192.168.1.0/25", "192.168.1.64/25");
        assertSetOfOne("netcidrintersects/cidr subnet does not overlap", "net.cidr_intersects", "192.168.1.0/24", "192.168.2.0/24");
        assertSetOfOne("netcidrintersects/cidr ipv6 subnet does not overlap", "net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64",
                "2001:4860:4860::8888/32");
        assertCaseError("netcidrintersects/cidr subnet overlap malformed cidr a", "net.cidr_intersects", str("not-a-cidr"), str("192.168.1.0/24"));
        assertCaseError("netcidrintersects/cidr subnet overlap malformed cidr b", "net.cidr_intersects", str("192.168.1.0/28"), str("not-a-cidr"));
    }

    @Test
    void isValidMatchesConformanceCases() {
        assertCase("valid ipv4 cidr", "net.cidr_is_valid", str("192.168.1.0/24"));
        assertCase("empty cidr", "net.cidr_is_valid", str(""));
        assertCase("random string", "net.cidr_is_valid", str("there goes a string"));
        assertCase("valid ipv4 address", "net.cidr_is_valid", str("192.168.1.2"));
        assertCase("valid ipv6 cidr", "net.cidr_is_valid", str("2002::1234:abcd:ffff:c0a8:101/64"));
        for (String bad : new String[] {"1.2.3.4/33", "1.2.3.4/", "1.2.3.4/x", "1.2.3/8", "::1%eth0/128", "1::2::3/64", "12345::/16",
                "1:2:3:4:5:6:7:8:9/64", "1.2.3.256/8", "1:2:3:4:5:6:7:1.2.3.4/64"}) {
            assertEquals(Value.FALSE, call("net.cidr_is_valid", str(bad)), bad);
        }
        for (String good : new String[] {"::/0", "::ffff:1.2.3.4/128", "1:2:3:4:5:6:1.2.3.4/120", "fe80::1.2.3.4/64", "0.0.0.0/0", "1.2.3.4/032"}) {
            assertEquals(Value.TRUE, call("net.cidr_is_valid", str(good)), good);
        }
    }

    @Test
    void expandMatchesConformanceCases() {
        assertCase("netcidrexpand/cidr includes host and broadcast", "net.cidr_expand", str("192.168.1.1/30"));
        assertCase("netcidrexpand/cidr last octet all 1s", "net.cidr_expand", str("172.16.100.255/30"));
        assertCase("netcidrexpand/cidr all bits", "net.cidr_expand", str("192.168.1.1/32"));
        assertCaseError("netcidrexpand/cidr invalid mask", "net.cidr_expand", str("192.168.1.1/33"));
        assertEquals(strSet("2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"), call("net.cidr_expand", str("2001:db8::/126")));
        assertEquals(strSet("255.255.255.254", "255.255.255.255"), call("net.cidr_expand", str("255.255.255.255/31")));
    }

    @Test
    void containsMatchesMatchesConformanceCases() {
        assertCase("netcidrcontainsmatches/strings", "net.cidr_contains_matches", str("1.1.1.0/24"), str("1.1.1.1"));
        assertCase("netcidrcontainsmatches/arrays", "net.cidr_contains_matches", strs("1.1.2.0/24", "1.1.1.0/24"), strs("1.1.1.1", "1.1.2.1"));
        assertCase("netcidrcontainsmatches/arrays of tuples", "net.cidr_contains_matches",
                arr(arr(str("1.1.2.0/24"), num(1)), str("1.1.1.0/24")), strs("1.1.1.1", "1.1.2.1"));
        assertCaseError("netcidrcontainsmatches/bad array", "net.cidr_contains_matches",
                strs("1.1.2.0/24", "1.1.1.0/24"), arr(str("1.1.1.1"), num(1)));
        assertCase("netcidrcontainsmatches/sets of strings", "net.cidr_contains_matches",
                strSet("1.1.1.0/24", "1.1.2.0/24"), strSet("1.1.1.1", "1.1.2.1"));
        assertCase("netcidrcontainsmatches/sets of tuples", "net.cidr_contains_matches",
                set(strs("1.1.1.0/24", "bar"), strs("1.1.2.0/24", "foo")), set(strs("1.1.1.1", "baz"), strs("1.1.2.1", "qux")));
        assertCaseError("netcidrcontainsmatches/bad set", "net.cidr_contains_matches",
                set(strs("1.1.1.0/24", "bar"), strs("1.1.2.0/24", "foo")), set(num(1), strs("1.1.2.1", "qux")));
        assertCaseError("netcidrcontainsmatches/bad set tuple element", "net.cidr_contains_matches",
                set(strs("1.1.1.0/24", "bar"), strs("1.1.2.0/24", "foo")), set(arr(), strs("1.1.2.1", "qux")));
        assertCase("netcidrcontainsmatches/objects", "net.cidr_contains_matches",
                Value.Obj.builder().put("k1", str("1.1.1.1/24")).put("k2", arr(str("1.1.1.2/24"), num(1))).build(), str("1.1.1.128"));
        assertEquals(Value.SetV.EMPTY, call("net.cidr_contains_matches", num(1), str("1.1.1.1")));
    }

    @Test
    void mergeMatchesConformanceCases() {
        merge("netcidrmerge/cidr ipv6 with prefix", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128");
        merge("netcidrmerge/cidr ipv6 with prefix, same twice", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128",
                "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128");
        merge("netcidrmerge/cidr ipv6 with prefix, two different prefixes", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64",
                "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128");
        assertCaseError("netcidrmerge/cidr ipv6 without prefix", "net.cidr_merge", strs("2601:600:8a80:207e:a57d:7567:e2c9:e7b3"));
        assertCaseError("netcidrmerge/cidr ipv6 without prefix, same twice", "net.cidr_merge",
                strs("2601:600:8a80:207e:a57d:7567:e2c9:e7b3", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3"));
        merge("netcidrmerge/cidr single subnet", "192.0.128.0/24");
        merge("netcidrmerge/cidr duplicate", "192.0.128.0/24", "192.0.128.0/24");
        merge("netcidrmerge/cidr IPv4 zero address", "192.0.128.0/24", "0.0.0.0/0");
        merge("netcidrmerge/cidr merge subnets case 1", "192.0.128.0/24", "192.0.129.0/24");
        merge("netcidrmerge/cidr merge subnets case 2", "192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31");
        merge("netcidrmerge/cidr no overlap case 1", "192.0.129.0/24", "192.0.130.0/24");
        merge("netcidrmerge/cidr no overlap case 2", "192.0.2.112/30", "192.0.2.116/32", "192.0.2.118/31");
        merge("netcidrmerge/cidr mix case 1", "192.0.2.112/31", "192.0.2.116/31", "192.0.2.118/31");
        merge("netcidrmerge/cidr mix case 2", "192.0.1.254/31", "192.0.2.0/28", "192.0.2.16/28", "192.0.2.32/28", "192.0.2.48/28",
                "192.0.2.64/28", "192.0.2.80/28", "192.0.2.96/28", "192.0.2.112/28", "192.0.2.128/28", "192.0.2.144/28", "192.0.2.160/28",
                "192.0.2.176/28", "192.0.2.192/28", "192.0.2.208/28", "192.0.2.224/28", "192.0.2.240/28", "192.0.3.0/28");
        merge("netcidrmerge/cidr IPv6 zero address case 1", "::/0", "fe80::1/128");
        merge("netcidrmerge/cidr IPv6 zero address case 2", "::/0", "::192.0.2.0/124", "ff00::101/128");
        merge("netcidrmerge/cidr IPv4 and IPv6", "fe80::/120", "192.0.2.0/24", "192.0.3.0/24", "192.0.4.0/25", "192.0.4.128/25");
        merge("netcidrmerge/cidr empty");
        merge("netcidrmerge/cidr merge ip and subnets", "192.0.2.112", "192.0.2.116/31", "192.0.2.118/31");
        merge("netcidrmerge/cidr merge ip addresses", "192.0.128.0", "192.0.129.0");
        assertCase("netcidrmerge/cidr merge subnets set", "net.cidr_merge", strSet("192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"));
        assertCaseError("netcidrmerge/cidr invalid IP", "net.cidr_merge", strs("foo"));
    }

    private static void merge(String note, String... cidrs) {
        assertCase(note, "net.cidr_merge", strs(cidrs));
    }

    @Test
    void mergeKeepsGoQuirks() {
        // an address that is not merged keeps its classful mask but not a masked address, as Go prints it
        assertEquals(strSet("10.1.2.3/8"), call("net.cidr_merge", strs("10.1.2.3")));
        // ranges are cut into the fewest aligned blocks
        assertEquals(strSet("10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/32"),
                call("net.cidr_merge", strs("10.0.0.1/32", "10.0.0.2/32", "10.0.0.3/32", "10.0.0.4/32")));
        assertEquals("net.cidr_merge: operand must be an array",
                assertThrows(RegoError.class, () -> call("net.cidr_merge", str("10.0.0.0/8"))).detail());
        assertEquals("net.cidr_merge: element must be string",
                assertThrows(RegoError.class, () -> call("net.cidr_merge", json("[1]"))).detail());
    }
}
