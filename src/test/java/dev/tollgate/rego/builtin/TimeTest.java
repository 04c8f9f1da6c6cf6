package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.assertResult;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.cases;
import static dev.tollgate.rego.builtin.Conformance.expected;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.str;
import static dev.tollgate.rego.builtin.Conformance.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeTest {

    private static Value ns(String digits) {
        return Value.num(new java.math.BigDecimal(digits));
    }

    @Test
    void nowIsFixedPerQueryAndNondeterministic() {
        BuiltinRegistry.Entry now = BuiltinRegistry.standard().lookup("time.now_ns");
        assertTrue(now.nondeterministic());
        BuiltinContext ctx = new BuiltinContext(Clock.fixed(Instant.parse("2024-05-01T10:00:00.123456789Z"), ZoneOffset.UTC),
                s -> { }, () -> { }, BuiltinContext.Interop.NONE);
        Value first = now.fn().call(ctx, new Value[0]);
        assertEquals(ns("1714557600123456789"), first);
        assertEquals(first, now.fn().call(ctx, new Value[0]));
    }

    @Test
    void parseNsMatchesConformanceCases() {
        JsonNode c = testCase("time/parse_nanos");
        Value want = expected(c, "x");
        Value.Obj.Builder got = Value.Obj.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("input").get("cases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            got.put(e.getKey(), call("time.parse_ns", str(e.getValue().get("layout").asText()), str(e.getValue().get("value").asText())));
        }
        assertEquals(want, got.build());
        assertCaseError("time/parse_nanos_too_small", "time.parse_ns", str("2006-01-02T15:04:05Z07:00"), str("1677-09-21T00:12:43.145224191-00:00"));
        assertCaseError("time/parse_nanos_too_large", "time.parse_ns", str("2006-01-02T15:04:05Z07:00"), str("2262-04-11T23:47:16.854775808-00:00"));
    }

    @Test
    void parseRfc3339MatchesConformanceCases() {
        JsonNode c = testCase("time/parse_rfc3339_nanos");
        Value.Obj.Builder got = Value.Obj.builder();
        for (JsonNode t : c.get("input").get("cases")) got.put(t.asText(), call("time.parse_rfc3339_ns", str(t.asText())));
        assertEquals(expected(c, "x"), got.build());
        assertCaseError("time/parse_rfc3339_nanos_too_small", "time.parse_rfc3339_ns", str("1677-09-21T00:12:43.145224191-00:00"));
        assertCaseError("time/parse_rfc3339_nanos_too_large", "time.parse_rfc3339_ns", str("2262-04-11T23:47:16.854775808-00:00"));
    }

    @Test
    void parseReportsGoErrors() {
        assertEquals("time.parse_ns: parsing time \"2024-13-01\": month out of range",
                assertThrows(RegoError.class, () -> call("time.parse_ns", str("2006-01-02"), str("2024-13-01"))).detail());
        assertEquals("time.parse_ns: parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\"",
                assertThrows(RegoError.class, () -> call("time.parse_ns", str("2006-01-02"), str("x"))).detail());
        assertEquals("time.parse_ns: parsing time \"2024-02-30\": day out of range",
                assertThrows(RegoError.class, () -> call("time.parse_ns", str("2006-01-02"), str("2024-02-30"))).detail());
        assertEquals("time.parse_ns: parsing time \"2024-01-01 junk\": extra text: \" junk\"",
                assertThrows(RegoError.class, () -> call("time.parse_ns", str("2006-01-02"), str("2024-01-01 junk"))).detail());
        assertEquals("time.parse_rfc3339_ns: parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"",
                assertThrows(RegoError.class, () -> call("time.parse_rfc3339_ns", str("2024-01-01"))).detail());
    }

    @Test
    void parseFollowsGoLayouts() {
        assertEquals(ns("1704067200000000000"), call("time.parse_ns", str("2006-01-02"), str("2024-01-01")));
        assertEquals(ns("1704110400000000000"), call("time.parse_ns", str("Jan _2 2006 3PM"), str("jan  1 2024 12PM")));
        assertEquals(ns("1704068100500000000"), call("time.parse_ns", str("2006-01-02 15:04:05"), str("2024-01-01 00:15:00.5")));
        assertEquals(ns("1704067200000000000"), call("time.parse_ns", str("2006 002"), str("2024 001")));
        assertEquals(ns("1704060000000000000"), call("time.parse_ns", str("RFC1123"), str("Mon, 01 Jan 2024 00:00:00 GMT+2")));
        assertEquals(ns("1704067200000000000"), call("time.parse_ns", str("RFC1123"), str("Mon, 01 Jan 2024 00:00:00 PST")));
        assertEquals(ns("1704067200000000000"), call("time.parse_ns", str("2006-01-02T15:04:05.000Z0700"), str("2024-01-01T00:00:00.000Z")));
    }

    @Test
    void durationsFollowGo() {
        assertEquals(num(5_400_000_000_000L), call("time.parse_duration_ns", str("1h30m")));
        assertEquals(num(-1_500_000_000L), call("time.parse_duration_ns", str("-1.5s")));
        assertEquals(num(1_000L), call("time.parse_duration_ns", str("1µs")));
        assertEquals(num(0L), call("time.parse_duration_ns", str("0")));
        assertEquals("time.parse_duration_ns: time: missing unit in duration \"1\"",
                assertThrows(RegoError.class, () -> call("time.parse_duration_ns", str("1"))).detail());
        assertEquals("time.parse_duration_ns: time: unknown unit \"d\" in duration \"1d\"",
                assertThrows(RegoError.class, () -> call("time.parse_duration_ns", str("1d"))).detail());
        assertEquals("time.parse_duration_ns: time: invalid duration \"9999999999h\"",
                assertThrows(RegoError.class, () -> call("time.parse_duration_ns", str("9999999999h"))).detail());
    }

    @Test
    void dateClockWeekdayMatchConformanceCases() {
        assertResult(expected("time/date"), call("time.date", ns("1517814000000000000")), "time/date");
        assertResult(expected("time/date with LA tz"), call("time.date", arr(ns("1517814000000000000"), str("America/Los_Angeles"))), "LA");
        assertResult(expected("time/date with empty tz"), call("time.date", arr(ns("1517832000000000000"), str(""))), "empty tz");
        assertResult(expected("time/date leap day"), call("time.date", ns("1582977600000000000")), "leap day");
        assertCaseError("time/date too big", "time.date", ns("1582977600000000000000"));
        assertResult(expected("time/clock"), call("time.clock", ns("1517832000000000000")), "clock");
        assertResult(expected("time/clock leap day"), call("time.clock", ns("1582977600000000000")), "clock leap day");
        List<String> weekdays = List.of("1517832000000000000", "1517918400000000000", "1518091200000000000", "1518177600000000000",
                "1518264000000000000", "1518350400000000000");
        List<JsonNode> weekdayCases = cases("time/weekday");
        assertEquals(weekdays.size(), weekdayCases.size());
        for (JsonNode c : weekdayCases) {
            String arg = c.get("modules").get(0).asText().replaceAll("(?s).*time\\.weekday\\((\\d+),.*", "$1");
            assertTrue(weekdays.contains(arg), arg);
            assertEquals(expected(c, "x"), call("time.weekday", ns(arg)));
        }
        assertCaseError("time/weekday too big", "time.weekday", ns("1582977600000000000000"));
        assertEquals("time.date: timestamp too big", assertThrows(RegoError.class, () -> call("time.date", ns("1.5"))).detail());
    }

    @Test
    void zoneArgumentsAreCheckedAsOpaChecksThem() {
        assertEquals("time.clock: unknown time zone Mars/Olympus",
                assertThrows(RegoError.class, () -> call("time.clock", arr(num(0), str("Mars/Olympus")))).detail());
        assertEquals("eval_type_error: time.clock: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string",
                assertThrows(RegoError.class, () -> call("time.clock", str("now"))).getMessage());
        assertEquals("time.clock: operand 1 must be string but got number",
                assertThrows(RegoError.class, () -> call("time.clock", arr(num(0), num(1)))).detail());
        assertEquals(arr(num(19), num(0), num(0)), call("time.clock", arr(num(0), str("EST"))));
        assertEquals(arr(num(1970), num(1), num(1)), call("time.date", arr(num(0), str("Asia/Kolkata"))));
    }

    @Test
    void addDateMatchesConformanceCases() {
        assertResult(expected(testCase("time/add_date year month day"), "x"),
                call("time.add_date", ns("1585852421593912000"), num(3), num(9), num(12)), "add");
        assertCaseError("time/add_date too large result", "time.add_date", num(0), num(2262), num(1), num(1));
        assertResult(expected(testCase("time/add_date negative values"), "x"),
                call("time.add_date", ns("1585852421593912000"), num(-1), num(-1), num(-1)), "negative");
        assertCaseError("time/add_date too small result", "time.add_date", ns("-9223372036854775808"), num(0), num(0), num(-1));
    }

    @Test
    void addDateNormalisesLikeGo() {
        Value jan31 = call("time.parse_ns", str("2006-01-02"), str("2023-01-31"));
        assertEquals(call("time.parse_ns", str("2006-01-02"), str("2023-03-03")), call("time.add_date", jan31, num(0), num(1), num(0)));
        assertEquals(call("time.parse_ns", str("2006-01-02"), str("2022-12-31")), call("time.add_date", jan31, num(0), num(-1), num(0)));
        assertEquals("time.add_date: operand 2 must be integer number but got floating-point number",
                assertThrows(RegoError.class, () -> call("time.add_date", jan31, Value.num(new java.math.BigDecimal("1.5")), num(0), num(0))).detail());
        // across a daylight saving change the wall clock is kept
        Value before = arr(call("time.parse_rfc3339_ns", str("2024-03-09T12:00:00-08:00")), str("America/Los_Angeles"));
        assertEquals(call("time.parse_rfc3339_ns", str("2024-03-10T12:00:00-07:00")), call("time.add_date", before, num(0), num(0), num(1)));
    }

    @Test
    void diffMatchesConformanceCase() {
        JsonNode c = testCase("time/diff");
        long now = System.currentTimeMillis() * 1_000_000L;
        Value layout = str("2006-01-02");
        assertEquals(expected(c, "minute_second"), call("time.diff", num(now + 61_000_000_000L), num(now)));
        assertEquals(expected(c, "different_tz"), call("time.diff", arr(num(now + 60_000_000_000L), str("UTC")), arr(num(now), str("Asia/Shanghai"))));
        assertEquals(expected(c, "leap_year"), call("time.diff", call("time.parse_ns", layout, str("2020-02-02")), call("time.parse_ns", layout, str("2020-03-01"))));
        assertEquals(expected(c, "not_leap_year"), call("time.diff", call("time.parse_ns", layout, str("2021-02-02")), call("time.parse_ns", layout, str("2021-03-01"))));
        assertEquals(expected(c, "leap_year_one_day"), call("time.diff", call("time.parse_ns", layout, str("2004-02-29")), call("time.parse_ns", layout, str("2005-03-01"))));
    }

    @Test
    void formatUsesGoLayoutsAndZones() {
        Value t = call("time.parse_rfc3339_ns", str("2024-07-04T09:05:03.120000000Z"));
        assertEquals(str("2024-07-04T09:05:03.12Z"), call("time.format", t));
        assertEquals(str("2024-07-04T11:05:03.12+02:00"), call("time.format", arr(t, str("Europe/Berlin"))));
        assertEquals(str("Thu, 04 Jul 2024 02:05:03 PDT"), call("time.format", arr(t, str("America/Los_Angeles"), str("RFC1123"))));
        assertEquals(str("Thursday July 4 9:05:03am .120 186 Z +0000"),
                call("time.format", arr(t, str("UTC"), str("Monday January 2 3:04:05pm .000 __2 Z07 -0700"))));
        assertEquals(str("14:35:03 IST"), call("time.format", arr(t, str("Asia/Kolkata"), str("15:04:05 MST"))));
        assertEquals(str("04:05:03 -05"), call("time.format", arr(t, str("Etc/GMT+5"), str("15:04:05 MST"))));
        assertEquals(str("2024-07-04 09:05:03 UTC"), call("time.format", arr(t, str(""), str("2006-01-02 15:04:05 MST"))));
        assertSame(Value.Str.class, call("time.format", arr(t, str("Local"))).getClass());
        // formatting and parsing agree
        Value layout = str("Mon Jan _2 15:04:05.000000 -07:00 2006");
        Value text = call("time.format", arr(t, str("America/New_York"), layout));
        assertEquals(t, call("time.parse_ns", layout, text));
        assertEquals(Values.fromJson(Conformance.JSON.valueToTree(9)), num(9));
    }
}
