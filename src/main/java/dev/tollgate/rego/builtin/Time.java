package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * time.* builtins. Times are nanoseconds since the epoch, optionally paired with an IANA zone name
 * ({@code [ns, "Europe/Paris"]}) and, for time.format, a Go layout ({@code [ns, "UTC", "2006-01-02"]}).
 * Results that do not fit an int64 of nanoseconds are errors ("time outside of valid range"), as in OPA.
 */
public final class Time implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        // Fixed for the whole query, as OPA does: every call in one evaluation sees the same instant.
        r.registerNondeterministic("time.now_ns", 0, (ctx, a) -> Value.num(ctx.queryTimeNanos()));
        r.register("time.parse_ns", 2, (ctx, a) -> {
            String layout = Operands.string("time.parse_ns", a, 0);
            String value = Operands.string("time.parse_ns", a, 1);
            return parse("time.parse_ns", GoTime.NAMED_LAYOUTS.getOrDefault(layout, layout), value);
        });
        r.register("time.parse_rfc3339_ns", 1, (ctx, a) ->
                parse("time.parse_rfc3339_ns", GoTime.RFC3339, Operands.string("time.parse_rfc3339_ns", a, 0)));
        r.register("time.parse_duration_ns", 1, (ctx, a) -> {
            try {
                return Value.num(GoTime.parseDuration(Operands.string("time.parse_duration_ns", a, 0)));
            } catch (GoTime.TimeError e) {
                throw RegoError.builtin("time.parse_duration_ns", e.getMessage());
            }
        });
        r.register("time.date", 1, (ctx, a) -> {
            ZonedDateTime t = moment("time.date", a[0]).time();
            return Value.Arr.of(Value.num(t.getYear()), Value.num(t.getMonthValue()), Value.num(t.getDayOfMonth()));
        });
        r.register("time.clock", 1, (ctx, a) -> {
            ZonedDateTime t = moment("time.clock", a[0]).time();
            return Value.Arr.of(Value.num(t.getHour()), Value.num(t.getMinute()), Value.num(t.getSecond()));
        });
        r.register("time.weekday", 1, (ctx, a) -> Value.str(GoTime.weekday(moment("time.weekday", a[0]).time().getDayOfWeek())));
        r.register("time.add_date", 4, (ctx, a) -> {
            ZonedDateTime t = moment("time.add_date", a[0]).time();
            long years = Operands.int64("time.add_date", a, 1);
            long months = Operands.int64("time.add_date", a, 2);
            long days = Operands.int64("time.add_date", a, 3);
            return addDate("time.add_date", t, years, months, days);
        });
        r.register("time.diff", 2, (ctx, a) -> diff(moment("time.diff", a[0]).time(), moment("time.diff", a[1]).time()));
        r.register("time.format", 1, (ctx, a) -> {
            Moment m = moment("time.format", a[0]);
            String layout = m.layout().isEmpty() ? GoTime.RFC3339_NANO : GoTime.NAMED_LAYOUTS.getOrDefault(m.layout(), m.layout());
            return Value.str(GoTime.format(m.time(), m.zoneName(), layout));
        });
    }

    /** A time in a zone, with the zone's name for "MST" in layouts, and the layout given with it (or ""). */
    private record Moment(ZonedDateTime time, String zoneName, String layout) {}

    private static final String EITHER = "either number (ns) or [number (ns), string (tz)]";

    /** OPA's tzTime: a number, or [number, zone] / [number, zone, layout]; all type errors say "operand 1". */
    private static Moment moment(String fn, Value v) {
        Value ns;
        ZoneId zone = ZoneOffset.UTC;
        String layout = "";
        if (v instanceof Value.Arr arr) {
            if (arr.size() == 0) throw Operands.typeError(fn, 1, "must be " + EITHER + " but got array");
            ns = arr.get(0);
            if (!(ns instanceof Value.Num)) throw RegoError.operand(fn, 1, "number", ns);
            if (arr.size() > 1) {
                if (!(arr.get(1) instanceof Value.Str tz)) throw RegoError.operand(fn, 1, "string", arr.get(1));
                zone = zone(fn, tz.value());
            }
            if (arr.size() > 2) {
                if (!(arr.get(2) instanceof Value.Str l)) throw RegoError.operand(fn, 1, "string", arr.get(2));
                layout = l.value();
            }
        } else if (v instanceof Value.Num) {
            ns = v;
        } else {
            throw Operands.typeError(fn, 1, "must be " + EITHER + " but got " + v.typeName());
        }
        Value.Num n = (Value.Num) ns;
        long nanos;
        try {
            nanos = n.value().longValueExact();
        } catch (ArithmeticException e) {
            throw RegoError.builtin(fn, "timestamp too big");
        }
        ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).atZone(zone);
        String name = zone == ZoneOffset.UTC ? "UTC" : GoTime.zoneAbbreviation(t);
        return new Moment(t, name, layout);
    }

    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();
    /** Zone names tzdata has but java.time keeps among its "short ids". */
    private static final Set<String> FIXED_TZDATA_ZONES = Set.of("EST", "MST", "HST");

    /** Go's LoadLocation: "" and "UTC" are UTC, "Local" is the host's zone, else a tz database name. */
    private static ZoneId zone(String fn, String name) {
        if (name.isEmpty() || name.equals("UTC")) return ZoneOffset.UTC;
        if (name.equals("Local")) return ZoneId.systemDefault();
        ZoneId cached = ZONES.get(name);
        if (cached != null) return cached;
        ZoneId id;
        if (ZoneId.getAvailableZoneIds().contains(name)) id = ZoneId.of(name);
        else if (FIXED_TZDATA_ZONES.contains(name)) id = ZoneId.of(name, ZoneId.SHORT_IDS);
        else throw RegoError.builtin(fn, "unknown time zone " + name);
        ZONES.put(name, id);
        return id;
    }

    private static Value parse(String fn, String layout, String value) {
        GoTime.Instant t;
        try {
            t = GoTime.parse(layout, value);
        } catch (GoTime.TimeError e) {
            throw RegoError.builtin(fn, e.getMessage());
        }
        return unixNanos(fn, t.seconds(), t.nanos());
    }

    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    /** Nanoseconds since the epoch, when they fit an int64. */
    private static Value unixNanos(String fn, long seconds, int nanos) {
        BigInteger ns = BigInteger.valueOf(seconds).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(nanos));
        if (ns.compareTo(MIN_NANOS) < 0 || ns.compareTo(MAX_NANOS) > 0) throw RegoError.builtin(fn, "time outside of valid range");
        return Value.num(ns);
    }

    /**
     * Go's AddDate: years, months and days are added field-wise and the result normalised (October 32 is
     * November 1, January 31 plus a month is early March), then placed in the zone the way time.Date does.
     */
    private static Value addDate(String fn, ZonedDateTime t, long years, long months, long days) {
        try {
            long m0 = t.getMonthValue() - 1 + months;
            long year = Math.addExact(Math.addExact(t.getYear(), years), Math.floorDiv(m0, 12));
            int month = (int) Math.floorMod(m0, 12) + 1;
            if (Math.abs(year) > 1_000_000) throw RegoError.builtin(fn, "time outside of valid range");
            LocalDate date = LocalDate.of((int) year, month, 1).plusDays(Math.addExact(t.getDayOfMonth() - 1, days));
            LocalDateTime local = date.atTime(t.toLocalTime());
            long unix = local.toEpochSecond(ZoneOffset.UTC);
            ZoneRules rules = t.getZone().getRules();
            int offset = rules.getOffset(Instant.ofEpochSecond(unix)).getTotalSeconds();
            offset = rules.getOffset(Instant.ofEpochSecond(unix - offset)).getTotalSeconds();
            return unixNanos(fn, unix - offset, t.getNano());
        } catch (ArithmeticException | DateTimeException e) {
            throw RegoError.builtin(fn, "time outside of valid range");
        }
    }

    /** [years, months, days, hours, minutes, seconds] between two times, in the first time's zone. */
    private static Value diff(ZonedDateTime t1, ZonedDateTime t2) {
        t2 = t2.withZoneSameInstant(t1.getZone());
        if (t1.toInstant().isAfter(t2.toInstant())) {
            ZonedDateTime x = t1;
            t1 = t2;
            t2 = x;
        }
        int year = t2.getYear() - t1.getYear();
        int month = t2.getMonthValue() - t1.getMonthValue();
        int day = t2.getDayOfMonth() - t1.getDayOfMonth();
        int hour = t2.getHour() - t1.getHour();
        int min = t2.getMinute() - t1.getMinute();
        int sec = t2.getSecond() - t1.getSecond();
        if (sec < 0) {
            sec += 60;
            min--;
        }
        if (min < 0) {
            min += 60;
            hour--;
        }
        if (hour < 0) {
            hour += 24;
            day--;
        }
        if (day < 0) {
            day += LocalDate.of(t1.getYear(), t1.getMonthValue(), 1).lengthOfMonth(); // days in t1's month
            month--;
        }
        if (month < 0) {
            month += 12;
            year--;
        }
        return Value.Arr.of(Value.num(year), Value.num(month), Value.num(day), Value.num(hour), Value.num(min), Value.num(sec));
    }
}
