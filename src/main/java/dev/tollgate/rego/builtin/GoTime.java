package dev.tollgate.rego.builtin;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Go's time layouts ({@code "2006-01-02T15:04:05Z07:00"}), parsing, formatting and ParseDuration, ported rule by
 * rule: OPA's time.parse_ns and time.format expose them, error texts included
 * ({@code parsing time "x" as "2006-01-02": cannot parse "x" as "2006"}).
 * One deliberate difference: Go resolves zone abbreviations against the host's zone; here the host is taken to be
 * UTC (as an OPA container usually is), so "UTC" and "GMT+3" are understood and other abbreviations mean offset 0.
 */
final class GoTime {
    private GoTime() {}

    /** A Go time error; {@link #getMessage()} is Go's text. */
    static final class TimeError extends Exception {
        TimeError(String message) { super(message, null, false, false); }
    }

    /** An instant: seconds since the epoch and nanoseconds within the second. */
    record Instant(long seconds, int nanos) {}

    /** The named layouts OPA accepts in place of a layout string. */
    static final Map<String, String> NAMED_LAYOUTS = Map.of(
            "ANSIC", "Mon Jan _2 15:04:05 2006",
            "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
            "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
            "RFC822", "02 Jan 06 15:04 MST",
            "RFC822Z", "02 Jan 06 15:04 -0700",
            "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
            "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
            "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
            "RFC3339", "2006-01-02T15:04:05Z07:00",
            "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00");

    static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
    static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

    // ---------------------------------------------------------------- layout elements

    private static final int LONG_MONTH = 1, MONTH = 2, NUM_MONTH = 3, ZERO_MONTH = 4, LONG_WEEKDAY = 5, WEEKDAY = 6,
            DAY = 7, UNDER_DAY = 8, ZERO_DAY = 9, UNDER_YEAR_DAY = 10, ZERO_YEAR_DAY = 11, HOUR = 12, HOUR12 = 13,
            ZERO_HOUR12 = 14, MINUTE = 15, ZERO_MINUTE = 16, SECOND = 17, ZERO_SECOND = 18, LONG_YEAR = 19, YEAR = 20,
            PM = 21, LOWER_PM = 22, TZ = 23, ISO8601_TZ = 24, ISO8601_SECONDS_TZ = 25, ISO8601_SHORT_TZ = 26,
            ISO8601_COLON_TZ = 27, ISO8601_COLON_SECONDS_TZ = 28, NUM_TZ = 29, NUM_SECONDS_TZ = 30, NUM_SHORT_TZ = 31,
            NUM_COLON_TZ = 32, NUM_COLON_SECONDS_TZ = 33, FRAC_SECOND0 = 34, FRAC_SECOND9 = 35;

    private static final int[] STD_0X = {ZERO_MONTH, ZERO_DAY, ZERO_HOUR12, ZERO_MINUTE, ZERO_SECOND, YEAR};

    /** One step of a layout: literal text, then an element ({@code std} 0 at the end). */
    private record Chunk(String prefix, int std, int fracDigits, char fracSeparator, String suffix) {
        String element(String layout) {
            return layout.substring(prefix.length(), layout.length() - suffix.length());
        }
    }

    private static Chunk chunk(String layout, int i, int std, int len) {
        return new Chunk(layout.substring(0, i), std, 0, '.', layout.substring(i + len));
    }

    private static boolean startsWithLower(String s, int i) {
        return i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z';
    }

    /** Go's nextStdChunk: the first layout element, with the text before and after it. */
    private static Chunk next(String layout) {
        for (int i = 0; i < layout.length(); i++) {
            char c = layout.charAt(i);
            switch (c) {
                case 'J':
                    if (layout.startsWith("Jan", i)) {
                        if (layout.startsWith("January", i)) return chunk(layout, i, LONG_MONTH, 7);
                        if (!startsWithLower(layout, i + 3)) return chunk(layout, i, MONTH, 3);
                    }
                    break;
                case 'M':
                    if (layout.startsWith("Mon", i)) {
                        if (layout.startsWith("Monday", i)) return chunk(layout, i, LONG_WEEKDAY, 6);
                        if (!startsWithLower(layout, i + 3)) return chunk(layout, i, WEEKDAY, 3);
                    }
                    if (layout.startsWith("MST", i)) return chunk(layout, i, TZ, 3);
                    break;
                case '0':
                    if (i + 1 < layout.length() && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                        return chunk(layout, i, STD_0X[layout.charAt(i + 1) - '1'], 2);
                    }
                    if (layout.startsWith("002", i)) return chunk(layout, i, ZERO_YEAR_DAY, 3);
                    break;
                case '1':
                    if (layout.startsWith("15", i)) return chunk(layout, i, HOUR, 2);
                    return chunk(layout, i, NUM_MONTH, 1);
                case '2':
                    if (layout.startsWith("2006", i)) return chunk(layout, i, LONG_YEAR, 4);
                    return chunk(layout, i, DAY, 1);
                case '_':
                    if (layout.startsWith("_2", i)) {
                        // "_2006" is a literal "_" then the year
                        if (layout.startsWith("_2006", i)) return new Chunk(layout.substring(0, i + 1), LONG_YEAR, 0, '.', layout.substring(i + 5));
                        return chunk(layout, i, UNDER_DAY, 2);
                    }
                    if (layout.startsWith("__2", i)) return chunk(layout, i, UNDER_YEAR_DAY, 3);
                    break;
                case '3':
                    return chunk(layout, i, HOUR12, 1);
                case '4':
                    return chunk(layout, i, MINUTE, 1);
                case '5':
                    return chunk(layout, i, SECOND, 1);
                case 'P':
                    if (layout.startsWith("PM", i)) return chunk(layout, i, PM, 2);
                    break;
                case 'p':
                    if (layout.startsWith("pm", i)) return chunk(layout, i, LOWER_PM, 2);
                    break;
                case '-':
                    if (layout.startsWith("-070000", i)) return chunk(layout, i, NUM_SECONDS_TZ, 7);
                    if (layout.startsWith("-07:00:00", i)) return chunk(layout, i, NUM_COLON_SECONDS_TZ, 9);
                    if (layout.startsWith("-0700", i)) return chunk(layout, i, NUM_TZ, 5);
                    if (layout.startsWith("-07:00", i)) return chunk(layout, i, NUM_COLON_TZ, 6);
                    if (layout.startsWith("-07", i)) return chunk(layout, i, NUM_SHORT_TZ, 3);
                    break;
                case 'Z':
                    if (layout.startsWith("Z070000", i)) return chunk(layout, i, ISO8601_SECONDS_TZ, 7);
                    if (layout.startsWith("Z07:00:00", i)) return chunk(layout, i, ISO8601_COLON_SECONDS_TZ, 9);
                    if (layout.startsWith("Z0700", i)) return chunk(layout, i, ISO8601_TZ, 5);
                    if (layout.startsWith("Z07:00", i)) return chunk(layout, i, ISO8601_COLON_TZ, 6);
                    if (layout.startsWith("Z07", i)) return chunk(layout, i, ISO8601_SHORT_TZ, 3);
                    break;
                case '.', ',':
                    if (i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                        char ch = layout.charAt(i + 1);
                        int j = i + 1;
                        while (j < layout.length() && layout.charAt(j) == ch) j++;
                        if (!isDigit(layout, j)) { // the digits must end the run: only a fraction is all digits
                            return new Chunk(layout.substring(0, i), ch == '0' ? FRAC_SECOND0 : FRAC_SECOND9, j - (i + 1), c,
                                    layout.substring(j));
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new Chunk(layout, 0, 0, '.', "");
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    // ---------------------------------------------------------------- formatting

    private static final List<String> LONG_DAYS = List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday");
    private static final List<String> SHORT_DAYS = List.of("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");
    private static final List<String> SHORT_MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final List<String> LONG_MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");

    /** Go's weekday name ({@code time.Weekday.String()}). */
    static String weekday(DayOfWeek d) {
        return LONG_DAYS.get(d.getValue() % 7);
    }

    /** {@code t.Format(layout)}; {@code zoneName} is what "MST" prints (Go's zone abbreviation). */
    static String format(ZonedDateTime t, String zoneName, String layout) {
        StringBuilder b = new StringBuilder();
        int offset = t.getOffset().getTotalSeconds();
        while (!layout.isEmpty()) {
            Chunk c = next(layout);
            b.append(c.prefix());
            if (c.std() == 0) break;
            layout = c.suffix();
            int hour = t.getHour();
            switch (c.std()) {
                case YEAR -> appendInt(b, Math.abs(t.getYear()) % 100, 2);
                case LONG_YEAR -> appendInt(b, t.getYear(), 4);
                case MONTH -> b.append(SHORT_MONTHS.get(t.getMonthValue() - 1));
                case LONG_MONTH -> b.append(LONG_MONTHS.get(t.getMonthValue() - 1));
                case NUM_MONTH -> appendInt(b, t.getMonthValue(), 0);
                case ZERO_MONTH -> appendInt(b, t.getMonthValue(), 2);
                case WEEKDAY -> b.append(SHORT_DAYS.get(t.getDayOfWeek().getValue() % 7));
                case LONG_WEEKDAY -> b.append(weekday(t.getDayOfWeek()));
                case DAY -> appendInt(b, t.getDayOfMonth(), 0);
                case UNDER_DAY -> {
                    if (t.getDayOfMonth() < 10) b.append(' ');
                    appendInt(b, t.getDayOfMonth(), 0);
                }
                case ZERO_DAY -> appendInt(b, t.getDayOfMonth(), 2);
                case UNDER_YEAR_DAY -> {
                    int yday = t.getDayOfYear();
                    if (yday < 100) b.append(yday < 10 ? "  " : " ");
                    appendInt(b, yday, 0);
                }
                case ZERO_YEAR_DAY -> appendInt(b, t.getDayOfYear(), 3);
                case HOUR -> appendInt(b, hour, 2);
                case HOUR12 -> appendInt(b, hour % 12 == 0 ? 12 : hour % 12, 0);
                case ZERO_HOUR12 -> appendInt(b, hour % 12 == 0 ? 12 : hour % 12, 2);
                case MINUTE -> appendInt(b, t.getMinute(), 0);
                case ZERO_MINUTE -> appendInt(b, t.getMinute(), 2);
                case SECOND -> appendInt(b, t.getSecond(), 0);
                case ZERO_SECOND -> appendInt(b, t.getSecond(), 2);
                case PM -> b.append(hour >= 12 ? "PM" : "AM");
                case LOWER_PM -> b.append(hour >= 12 ? "pm" : "am");
                case TZ -> {
                    if (!zoneName.isEmpty()) {
                        b.append(zoneName);
                    } else {
                        int zone = offset / 60;
                        b.append(zone < 0 ? '-' : '+');
                        appendInt(b, Math.abs(zone) / 60, 2);
                        appendInt(b, Math.abs(zone) % 60, 2);
                    }
                }
                case FRAC_SECOND0, FRAC_SECOND9 -> appendNano(b, t.getNano(), c);
                default -> appendZone(b, c.std(), offset);
            }
        }
        return b.toString();
    }

    private static void appendZone(StringBuilder b, int std, int offset) {
        boolean iso = std >= ISO8601_TZ && std <= ISO8601_COLON_SECONDS_TZ;
        if (offset == 0 && iso) {
            b.append('Z');
            return;
        }
        int zone = offset / 60;
        int abs = Math.abs(offset);
        b.append(zone < 0 ? '-' : '+');
        zone = Math.abs(zone);
        appendInt(b, zone / 60, 2);
        boolean colon = std == ISO8601_COLON_TZ || std == NUM_COLON_TZ || std == ISO8601_COLON_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ;
        if (colon) b.append(':');
        if (std != NUM_SHORT_TZ && std != ISO8601_SHORT_TZ) appendInt(b, zone % 60, 2);
        if (std == ISO8601_SECONDS_TZ || std == NUM_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ || std == ISO8601_COLON_SECONDS_TZ) {
            if (std == NUM_COLON_SECONDS_TZ || std == ISO8601_COLON_SECONDS_TZ) b.append(':');
            appendInt(b, abs % 60, 2);
        }
    }

    private static void appendNano(StringBuilder b, int nanos, Chunk c) {
        boolean trim = c.std() == FRAC_SECOND9;
        int n = c.fracDigits();
        if (trim && (n == 0 || nanos == 0)) return;
        StringBuilder frac = new StringBuilder().append(c.fracSeparator());
        String digits = String.format("%09d", nanos);
        frac.append(n < 9 ? digits.substring(0, n) : digits);
        if (trim) {
            int end = frac.length();
            while (end > 0 && frac.charAt(end - 1) == '0') end--;
            if (end > 0 && frac.charAt(end - 1) == c.fracSeparator()) end--;
            frac.setLength(end);
        }
        b.append(frac);
    }

    private static void appendInt(StringBuilder b, int x, int width) {
        if (x < 0) {
            b.append('-');
            x = -x;
        }
        String s = Integer.toString(x);
        for (int pad = width - s.length(); pad > 0; pad--) b.append('0');
        b.append(s);
    }

    /** Go's abbreviation for a zone at an instant: tz names where Java has them, "+04"-style otherwise. */
    static String zoneAbbreviation(ZonedDateTime t) {
        String id = t.getZone().getId();
        if (id.equals("UTC") || id.equals("Z")) return "UTC";
        String s = DateTimeFormatter.ofPattern("zzz", Locale.US).format(t);
        if (s.startsWith("GMT+") || s.startsWith("GMT-") || s.startsWith("UTC+") || s.startsWith("UTC-")) {
            int off = t.getOffset().getTotalSeconds();
            StringBuilder b = new StringBuilder(off < 0 ? "-" : "+");
            appendInt(b, Math.abs(off) / 3600, 2);
            if (Math.abs(off) % 3600 != 0) appendInt(b, Math.abs(off) % 3600 / 60, 2);
            return b.toString();
        }
        return s;
    }

    // ---------------------------------------------------------------- parsing

    /** {@code time.Parse(layout, value)} as an instant. */
    static Instant parse(String layout, String value) throws TimeError {
        String alayout = layout;
        String avalue = value;
        String rangeErr = "";
        boolean amSet = false;
        boolean pmSet = false;
        int year = 0, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
        boolean utc = false;
        int zoneOffset = -1;
        String zoneName = "";

        while (true) {
            Chunk c = next(layout);
            String stdstr = c.element(layout);
            String skipped = skip(value, c.prefix());
            if (skipped == null) throw parseError(alayout, avalue, c.prefix(), value, "");
            value = skipped;
            if (c.std() == 0) {
                if (!value.isEmpty()) throw parseError(alayout, avalue, "", value, ": extra text: " + quote(value));
                break;
            }
            layout = c.suffix();
            String hold = value;
            boolean bad = false;
            int[] num;
            switch (c.std()) {
                case YEAR -> {
                    if (value.length() < 2) { bad = true; break; }
                    Integer y = atoi(value.substring(0, 2));
                    value = value.substring(2);
                    if (y == null) { bad = true; break; }
                    year = y >= 69 ? y + 1900 : y + 2000;
                }
                case LONG_YEAR -> {
                    if (value.length() < 4 || !isDigit(value, 0)) { bad = true; break; }
                    Integer y = atoi(value.substring(0, 4));
                    value = value.substring(4);
                    if (y == null) bad = true;
                    else year = y;
                }
                case MONTH, LONG_MONTH -> {
                    int idx = lookup(c.std() == MONTH ? SHORT_MONTHS : LONG_MONTHS, value);
                    if (idx < 0) { bad = true; break; }
                    value = value.substring((c.std() == MONTH ? SHORT_MONTHS : LONG_MONTHS).get(idx).length());
                    month = idx + 1;
                }
                case NUM_MONTH, ZERO_MONTH -> {
                    num = getnum(value, c.std() == ZERO_MONTH);
                    if (num == null) { bad = true; break; }
                    month = num[0];
                    value = value.substring(num[1]);
                    if (month <= 0 || month > 12) rangeErr = "month";
                }
                case WEEKDAY, LONG_WEEKDAY -> {
                    List<String> names = c.std() == WEEKDAY ? SHORT_DAYS : LONG_DAYS;
                    int idx = lookup(names, value);
                    if (idx < 0) { bad = true; break; }
                    value = value.substring(names.get(idx).length());
                }
                case DAY, UNDER_DAY, ZERO_DAY -> {
                    if (c.std() == UNDER_DAY && value.startsWith(" ")) value = value.substring(1);
                    num = getnum(value, c.std() == ZERO_DAY);
                    if (num == null) { bad = true; break; }
                    day = num[0];
                    value = value.substring(num[1]);
                }
                case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
                    for (int k = 0; k < 2; k++) {
                        if (c.std() == UNDER_YEAR_DAY && value.startsWith(" ")) value = value.substring(1);
                    }
                    num = getnum3(value, c.std() == ZERO_YEAR_DAY);
                    if (num == null) { bad = true; break; }
                    yday = num[0];
                    value = value.substring(num[1]);
                }
                case HOUR -> {
                    num = getnum(value, false);
                    if (num == null) { bad = true; break; }
                    hour = num[0];
                    value = value.substring(num[1]);
                    if (hour >= 24) rangeErr = "hour";
                }
                case HOUR12, ZERO_HOUR12 -> {
                    num = getnum(value, c.std() == ZERO_HOUR12);
                    if (num == null) { bad = true; break; }
                    hour = num[0];
                    value = value.substring(num[1]);
                    if (hour > 12) rangeErr = "hour";
                }
                case MINUTE, ZERO_MINUTE -> {
                    num = getnum(value, c.std() == ZERO_MINUTE);
                    if (num == null) { bad = true; break; }
                    min = num[0];
                    value = value.substring(num[1]);
                    if (min >= 60) rangeErr = "minute";
                }
                case SECOND, ZERO_SECOND -> {
                    num = getnum(value, c.std() == ZERO_SECOND);
                    if (num == null) { bad = true; break; }
                    sec = num[0];
                    value = value.substring(num[1]);
                    if (sec >= 60) { rangeErr = "second"; break; }
                    // A fractional second in the value that the layout does not mention is still read.
                    if (value.length() >= 2 && commaOrPeriod(value.charAt(0)) && isDigit(value, 1)) {
                        int following = next(layout).std();
                        if (following == FRAC_SECOND0 || following == FRAC_SECOND9) break;
                        int n = 2;
                        while (n < value.length() && isDigit(value, n)) n++;
                        Integer ns = parseNanoseconds(value, n);
                        if (ns == null) { bad = true; break; }
                        nsec = ns;
                        value = value.substring(n);
                    }
                }
                case PM, LOWER_PM -> {
                    if (value.length() < 2) { bad = true; break; }
                    String p = value.substring(0, 2);
                    value = value.substring(2);
                    String pm = c.std() == PM ? "PM" : "pm";
                    String am = c.std() == PM ? "AM" : "am";
                    if (p.equals(pm)) pmSet = true;
                    else if (p.equals(am)) amSet = true;
                    else bad = true;
                }
                case TZ -> {
                    if (value.startsWith("UTC")) {
                        utc = true;
                        value = value.substring(3);
                        break;
                    }
                    int n = parseTimeZone(value);
                    if (n <= 0) { bad = true; break; }
                    zoneName = value.substring(0, n);
                    value = value.substring(n);
                }
                case FRAC_SECOND0 -> {
                    int ndigit = 1 + c.fracDigits();
                    if (value.length() < ndigit) { bad = true; break; }
                    Integer ns = parseNanoseconds(value, ndigit);
                    if (ns == null) { bad = true; break; }
                    nsec = ns;
                    value = value.substring(ndigit);
                }
                case FRAC_SECOND9 -> {
                    if (value.length() < 2 || !commaOrPeriod(value.charAt(0)) || !isDigit(value, 1)) break; // omitted
                    int k = 0;
                    while (k + 1 < value.length() && isDigit(value, k + 1)) k++;
                    Integer ns = parseNanoseconds(value, 1 + k);
                    if (ns == null) { bad = true; break; }
                    nsec = ns;
                    value = value.substring(1 + k);
                }
                default -> { // numeric zones, with "Z" accepted by the ISO 8601 forms
                    int std = c.std();
                    if (std >= ISO8601_TZ && std <= ISO8601_COLON_SECONDS_TZ && value.startsWith("Z")) {
                        value = value.substring(1);
                        utc = true;
                        break;
                    }
                    String sign, hh, mm, ss;
                    if (std == ISO8601_COLON_TZ || std == NUM_COLON_TZ) {
                        if (value.length() < 6 || value.charAt(3) != ':') { bad = true; break; }
                        sign = value.substring(0, 1); hh = value.substring(1, 3); mm = value.substring(4, 6); ss = "00";
                        value = value.substring(6);
                    } else if (std == NUM_SHORT_TZ || std == ISO8601_SHORT_TZ) {
                        if (value.length() < 3) { bad = true; break; }
                        sign = value.substring(0, 1); hh = value.substring(1, 3); mm = "00"; ss = "00";
                        value = value.substring(3);
                    } else if (std == ISO8601_COLON_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ) {
                        if (value.length() < 9 || value.charAt(3) != ':' || value.charAt(6) != ':') { bad = true; break; }
                        sign = value.substring(0, 1); hh = value.substring(1, 3); mm = value.substring(4, 6); ss = value.substring(7, 9);
                        value = value.substring(9);
                    } else if (std == ISO8601_SECONDS_TZ || std == NUM_SECONDS_TZ) {
                        if (value.length() < 7) { bad = true; break; }
                        sign = value.substring(0, 1); hh = value.substring(1, 3); mm = value.substring(3, 5); ss = value.substring(5, 7);
                        value = value.substring(7);
                    } else {
                        if (value.length() < 5) { bad = true; break; }
                        sign = value.substring(0, 1); hh = value.substring(1, 3); mm = value.substring(3, 5); ss = "00";
                        value = value.substring(5);
                    }
                    int[] h = getnum(hh, true);
                    int[] m = h == null ? null : getnum(mm, true);
                    int[] s = m == null ? null : getnum(ss, true);
                    if (s == null) { bad = true; break; }
                    if (h[0] > 24) rangeErr = "time zone offset hour";
                    if (m[0] > 60) rangeErr = "time zone offset minute";
                    if (s[0] > 60) rangeErr = "time zone offset second";
                    zoneOffset = (h[0] * 60 + m[0]) * 60 + s[0];
                    if (sign.equals("-")) zoneOffset = -zoneOffset;
                    else if (!sign.equals("+")) bad = true;
                }
            }
            if (!rangeErr.isEmpty()) throw parseError(alayout, avalue, stdstr, value, ": " + rangeErr + " out of range");
            if (bad) throw parseError(alayout, avalue, stdstr, hold, "");
        }
        if (pmSet && hour < 12) hour += 12;
        else if (amSet && hour == 12) hour = 0;

        if (yday >= 0) {
            int d = 0;
            int m = 0;
            boolean leap = Year.isLeap(year);
            if (leap) {
                if (yday == 31 + 29) {
                    m = 2;
                    d = 29;
                } else if (yday > 31 + 29) {
                    yday--;
                }
            }
            if (yday < 1 || yday > 365) throw parseError(alayout, avalue, "", value, ": day-of-year out of range");
            if (m == 0) {
                m = (yday - 1) / 31 + 1;
                if (daysBefore(m + 1) < yday) m++;
                d = yday - daysBefore(m);
            }
            if (month >= 0 && month != m) throw parseError(alayout, avalue, "", value, ": day-of-year does not match month");
            month = m;
            if (day >= 0 && day != d) throw parseError(alayout, avalue, "", value, ": day-of-year does not match day");
            day = d;
        } else {
            if (month < 0) month = 1;
            if (day < 0) day = 1;
        }
        if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, "", value, ": day out of range");

        long local = LocalDateTime.of(year, month, day, hour, min, sec).toEpochSecond(ZoneOffset.UTC);
        if (utc) return new Instant(local, nsec);
        if (zoneOffset != -1) return new Instant(local - zoneOffset, nsec);
        if (!zoneName.isEmpty()) {
            int offset = 0;
            if (zoneName.length() > 3 && zoneName.startsWith("GMT")) offset = Integer.parseInt(zoneName.substring(3).replace("+", "")) * 3600;
            return new Instant(local - offset, nsec);
        }
        return new Instant(local, nsec);
    }

    /** Days before the first of {@code month} in a non-leap year. */
    private static int daysBefore(int month) {
        int[] cumulative = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
        return cumulative[month - 1];
    }

    private static int daysIn(int month, int year) {
        if (month == 2 && Year.isLeap(year)) return 29;
        return daysBefore(month + 1) - daysBefore(month);
    }

    private static TimeError parseError(String layout, String value, String layoutElem, String valueElem, String message) {
        if (message.isEmpty()) {
            return new TimeError("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse "
                    + quote(valueElem) + " as " + quote(layoutElem));
        }
        return new TimeError("parsing time " + quote(value) + message);
    }

    /** The time package's own quoting: ASCII kept, other bytes as \xNN. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c < ' ') {
                String ch = Character.isHighSurrogate(c) && i + 1 < s.length() ? s.substring(i, ++i + 1) : String.valueOf(c);
                for (byte x : ch.getBytes(StandardCharsets.UTF_8)) b.append(String.format("\\x%02x", x & 0xff));
            } else {
                if (c == '"' || c == '\\') b.append('\\');
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Removes {@code prefix} from {@code value}, any run of spaces matching any run; null on mismatch. */
    private static String skip(String value, String prefix) {
        while (!prefix.isEmpty()) {
            if (prefix.charAt(0) == ' ') {
                if (!value.isEmpty() && value.charAt(0) != ' ') return null;
                prefix = cutSpace(prefix);
                value = cutSpace(value);
                continue;
            }
            if (value.isEmpty() || value.charAt(0) != prefix.charAt(0)) return null;
            prefix = prefix.substring(1);
            value = value.substring(1);
        }
        return value;
    }

    private static String cutSpace(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return s.substring(i);
    }

    /** Case-insensitive (ASCII letters only) prefix match; the index of the first name that matches. */
    private static int lookup(List<String> names, String value) {
        for (int i = 0; i < names.size(); i++) {
            String v = names.get(i);
            if (value.length() >= v.length() && matchIgnoreCase(value.substring(0, v.length()), v)) return i;
        }
        return -1;
    }

    private static boolean matchIgnoreCase(String a, String b) {
        for (int i = 0; i < a.length(); i++) {
            int c1 = a.charAt(i);
            int c2 = b.charAt(i);
            if (c1 != c2) {
                c1 |= 'a' - 'A';
                c2 |= 'a' - 'A';
                if (c1 != c2 || c1 < 'a' || c1 > 'z') return false;
            }
        }
        return true;
    }

    /** One or two digits (exactly two when fixed): {value, length}, or null. */
    private static int[] getnum(String s, boolean fixed) {
        if (!isDigit(s, 0)) return null;
        if (!isDigit(s, 1)) return fixed ? null : new int[] {s.charAt(0) - '0', 1};
        return new int[] {(s.charAt(0) - '0') * 10 + (s.charAt(1) - '0'), 2};
    }

    private static int[] getnum3(String s, boolean fixed) {
        int n = 0;
        int i = 0;
        for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charAt(i) - '0');
        if (i == 0 || fixed && i != 3) return null;
        return new int[] {n, i};
    }

    /** Go's atoi: optional sign, then digits only. */
    private static Integer atoi(String s) {
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.isEmpty()) return 0; // leadingInt of "" is 0 with nothing left over
        long x = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return null;
            x = x * 10 + (c - '0');
            if (x > Integer.MAX_VALUE) return null;
        }
        return (int) (neg ? -x : x);
    }

    private static boolean commaOrPeriod(char c) {
        return c == '.' || c == ',';
    }

    /** The fraction in {@code value[0:n]} (separator first) as nanoseconds; digits past the ninth are dropped. */
    private static Integer parseNanoseconds(String value, int n) {
        if (!commaOrPeriod(value.charAt(0))) return null;
        if (n > 10) n = 10;
        Integer ns = atoi(value.substring(1, n));
        if (ns == null || ns < 0) return null;
        for (int i = 0; i < 10 - n; i++) ns *= 10;
        return ns;
    }

    /** Go's parseTimeZone: the length of a zone abbreviation at the start of {@code value}, or 0. */
    private static int parseTimeZone(String value) {
        if (value.length() < 3) return 0;
        if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
        if (value.startsWith("GMT")) return 3 + (value.length() == 3 ? 0 : parseSignedOffset(value.substring(3)));
        if (value.charAt(0) == '+' || value.charAt(0) == '-') return parseSignedOffset(value);
        int upper = 0;
        while (upper < 6 && upper < value.length() && value.charAt(upper) >= 'A' && value.charAt(upper) <= 'Z') upper++;
        switch (upper) {
            case 3: return 3;
            case 4: return value.charAt(3) == 'T' || value.startsWith("WITA") ? 4 : 0;
            case 5: return value.charAt(4) == 'T' ? 5 : 0;
            default: return 0;
        }
    }

    /** "+3" or "-11" (a signed number up to 23): its length, or 0. */
    private static int parseSignedOffset(String value) {
        char sign = value.charAt(0);
        if (sign != '-' && sign != '+') return 0;
        int i = 1;
        long x = 0;
        while (i < value.length() && isDigit(value, i) && x <= 23) {
            x = x * 10 + (value.charAt(i) - '0');
            i++;
        }
        if (i == 1 || x > 23) return 0;
        return i;
    }

    // ---------------------------------------------------------------- durations

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /** {@code time.ParseDuration}: "1h30m", "-1.5s", "300ms" in nanoseconds. */
    static long parseDuration(String orig) throws TimeError {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new TimeError("time: invalid duration " + quote(orig));
        java.math.BigInteger total = java.math.BigInteger.ZERO;
        java.math.BigInteger limit = java.math.BigInteger.ONE.shiftLeft(63);
        while (!s.isEmpty()) {
            char c0 = s.charAt(0);
            if (!(c0 == '.' || c0 >= '0' && c0 <= '9')) throw new TimeError("time: invalid duration " + quote(orig));
            int i = 0;
            java.math.BigInteger v = java.math.BigInteger.ZERO;
            while (i < s.length() && isDigit(s, i)) {
                v = v.multiply(java.math.BigInteger.TEN).add(java.math.BigInteger.valueOf(s.charAt(i) - '0'));
                if (v.compareTo(limit) > 0) throw new TimeError("time: invalid duration " + quote(orig));
                i++;
            }
            boolean pre = i > 0;
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int start = i;
                boolean overflow = false;
                while (i < s.length() && isDigit(s, i)) {
                    if (!overflow) {
                        if (f > (Long.MAX_VALUE - 9) / 10) {
                            overflow = true;
                        } else {
                            f = f * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i > start;
            }
            if (!pre && !post) throw new TimeError("time: invalid duration " + quote(orig));
            int u = i;
            while (u < s.length() && s.charAt(u) != '.' && !isDigit(s, u)) u++;
            if (u == i) throw new TimeError("time: missing unit in duration " + quote(orig));
            String unitName = s.substring(i, u);
            Long unit = UNITS.get(unitName);
            if (unit == null) throw new TimeError("time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
            java.math.BigInteger bu = java.math.BigInteger.valueOf(unit);
            if (v.compareTo(limit.divide(bu)) > 0) throw new TimeError("time: invalid duration " + quote(orig));
            v = v.multiply(bu);
            if (f > 0) {
                v = v.add(java.math.BigInteger.valueOf((long) ((double) f * ((double) unit / scale))));
                if (v.compareTo(limit) > 0) throw new TimeError("time: invalid duration " + quote(orig));
            }
            total = total.add(v);
            if (total.compareTo(limit) > 0) throw new TimeError("time: invalid duration " + quote(orig));
            s = s.substring(u);
        }
        if (neg) return total.negate().longValue();
        if (total.compareTo(limit.subtract(java.math.BigInteger.ONE)) > 0) throw new TimeError("time: invalid duration " + quote(orig));
        return total.longValue();
    }
}
