package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertCall;
import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.assertUndefined;
import static dev.tollgate.rego.builtin.Calls.call;
import static dev.tollgate.rego.builtin.Calls.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bits.*, units.*, semver.* and uuid.*. */
class BitsUnitsSemverUuidTest {

    @Test
    void bitsOnBigTwosComplementIntegers() {
        assertCall("2", "bits.and", "10", "3");
        assertCall("-26", "bits.xor", "10", "-20");
        assertCall("-11", "bits.negate", "10");
        assertCall("18446744073709551614", "bits.lsh", "9223372036854775807", "1");
        assertCall("1", "bits.rsh", "10", "3");
        assertCall("-1", "bits.rsh", "-10", "100");
        assertError("eval_type_error", "bits.lsh: operand 2 must be an unsigned integer number but got a negative integer", "bits.lsh", "7", "-1");
        assertError("eval_type_error", "bits.or: operand 1 must be integer number but got floating-point number", "bits.or", "1.5", "1");
        assertError("eval_type_error", "bits.and: operand 2 must be integer but got string", "bits.and", "1", q("1"));
    }

    @Test
    void unitsParse() {
        assertCall("1500", "units.parse", q("1.5K"));
        assertCall("1126.4", "units.parse", q("1.1Ki"));
        assertCall("10240", "units.parse", q("10KI"));
        assertCall("-0.35", "units.parse", q("-3.5E2m"));
        assertCall("10000000000000000000", "units.parse", q("10E"));
        // A milli is the float64 0.001, printed with ten decimals.
        assertEquals(new java.math.BigDecimal("0.0010000000"), ((Value.Num) call("units.parse", q("1m"))).value());
        assertError("eval_builtin_error", "units.parse: spaces not allowed in resource strings", "units.parse", q("100 k"));
        assertError("eval_builtin_error", "units.parse: no amount provided", "units.parse", q("K"));
        assertError("eval_builtin_error", "units.parse: could not parse amount to a number", "units.parse", q("0.0.0"));
        assertError("eval_builtin_error", "units.parse: exponent too large", "units.parse", q("10e10000000Ei"));
        assertError("eval_builtin_error", "units.parse: unit Kb not recognized", "units.parse", q("1KB"));
    }

    @Test
    void unitsParseBytes() {
        assertCall("1024", "units.parse_bytes", q("1KiB"));
        assertCall("2097152", "units.parse_bytes", q("2Mi"));
        assertCall("1500", "units.parse_bytes", q("1.5kb"));
        assertCall("1", "units.parse_bytes", q("1.9"));
        assertCall("5000000000000000000", "units.parse_bytes", q("5E"));
        assertCall("1000000000000000000000000", "units.parse_bytes", q("1e6EB"));
        assertError("eval_builtin_error", "units.parse_bytes: no byte amount provided", "units.parse_bytes", q(""));
        assertError("eval_builtin_error", "units.parse_bytes: byte unit xb not recognized", "units.parse_bytes", q("1xb"));
        assertError("eval_builtin_error", "units.parse_bytes: could not parse byte amount to a number", "units.parse_bytes", q("1-2"));
    }

    @Test
    void semver() {
        assertCall("-1", "semver.compare", q("1.0.0-alpha"), q("1.0.0"));
        assertCall("-1", "semver.compare", q("1.0.0-alpha.1"), q("1.0.0-alpha.beta"));
        assertCall("1", "semver.compare", q("1.0.0-rc.11"), q("1.0.0-rc.2"));
        assertCall("0", "semver.compare", q("v1.2.3+build.5"), q("1.2.3"));
        assertCall("true", "semver.is_valid", q("1.2.3-rc.1+meta"));
        assertCall("false", "semver.is_valid", q("1.2"));
        assertCall("false", "semver.is_valid", q("1.2.3-!"));
        assertCall("false", "semver.is_valid", "123");
        assertError("eval_builtin_error", "semver.compare: operand 2: string \"1\" is not a valid SemVer", "semver.compare", q("1.0.0"), q("1"));
    }

    @Test
    void uuidParse() {
        assertCall("{\"version\": 4, \"variant\": \"RFC4122\"}", "uuid.parse", q("00000000-0000-4000-8000-000000000000"));
        assertCall("{\"clocksequence\": 12800, \"domain\": \"Person\", \"id\": 1000, \"macvariables\": \"local:unicast\","
                + " \"nodeid\": \"32-50-96-b3-9f-47\", \"time\": 1693566990121469600, \"variant\": \"RFC4122\", \"version\": 2}",
                "uuid.parse", q("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47"));
        assertCall("{\"version\": 3, \"variant\": \"RFC4122\"}", "uuid.parse", q("6bea8ef2d3d33cd184e09bab06a52ece"));
        assertCall("{\"version\": 4, \"variant\": \"Microsoft\"}", "uuid.parse", q("{00000000-0000-4000-c000-000000000000}"));
        assertUndefined("uuid.parse", q("00000000-0000-4000-8000-00000000000"));
        assertUndefined("uuid.parse", q("00000000x0000-4000-8000-000000000000"));
    }

    @Test
    void uuidRfc4122IsAStableV4WithinAQuery() {
        BuiltinContext q1 = BuiltinContext.standalone();
        Value a = call(q1, "uuid.rfc4122", q("k"));
        assertEquals(a, call(q1, "uuid.rfc4122", q("k")));
        assertNotEquals(a, call(q1, "uuid.rfc4122", q("other")));
        String s = ((Value.Str) a).value();
        assertTrue(s.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), s);
        assertCall("{\"version\": 4, \"variant\": \"RFC4122\"}", "uuid.parse", q(s));
    }
}
