package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.math.BigInteger;

import java.util.regex.Pattern;

/** semver.is_valid and semver.compare, with OPA's parser: an optional leading "v", MAJOR.MINOR.PATCH[-pre][+meta]. */
public final class Semver implements BuiltinRegistry.Family {
    private static final Pattern IDENTIFIERS = Pattern.compile("[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    @Override
    public void register(BuiltinRegistry r) {
        r.register("semver.is_valid", 1, (ctx, a) ->
                Value.bool(a[0] instanceof Value.Str s && Version.parse(s.value()) != null));
        r.register("semver.compare", 2, (ctx, a) -> {
            Version x = version(a, 0), y = version(a, 1);
            return Value.num(x.compareTo(y));
        });
    }

    private static Version version(Value[] a, int i) {
        String s = Operands.string("semver.compare", a, i);
        Version v = Version.parse(s);
        if (v == null) {
            throw RegoError.builtin("semver.compare", "operand " + (i + 1) + ": string " + GoQuote.quote(s) + " is not a valid SemVer");
        }
        return v;
    }

    /** A parsed version; metadata is kept out because it never takes part in ordering. */
    record Version(long major, long minor, long patch, String preRelease) implements Comparable<Version> {

        /** The version, or null when the text is not one. */
        static Version parse(String text) {
            String s = text.startsWith("v") ? text.substring(1) : text;
            int plus = s.indexOf('+');
            if (plus >= 0) {
                String metadata = s.substring(plus + 1);
                if (!metadata.isEmpty() && !IDENTIFIERS.matcher(metadata).matches()) return null;
                s = s.substring(0, plus);
            }
            String pre = "";
            int dash = s.indexOf('-');
            if (dash >= 0) {
                pre = s.substring(dash + 1);
                if (!pre.isEmpty() && !IDENTIFIERS.matcher(pre).matches()) return null;
                s = s.substring(0, dash);
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 3) return null;
            Long major = goParseInt(parts[0]), minor = goParseInt(parts[1]), patch = goParseInt(parts[2]);
            if (major == null || minor == null || patch == null) return null;
            return new Version(major, minor, patch, pre);
        }

        /** Go's strconv.ParseInt(s, 10, 64): an optional sign, ASCII digits, no overflow. */
        private static Long goParseInt(String s) {
            if (!SIGNED_DIGITS.matcher(s).matches()) return null;
            try {
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(major, o.major);
            if (c == 0) c = Long.compare(minor, o.minor);
            if (c == 0) c = Long.compare(patch, o.patch);
            if (c != 0) return Integer.signum(c);
            if (preRelease.equals(o.preRelease)) return 0;
            // A release sorts after any of its pre-releases.
            if (preRelease.isEmpty()) return 1;
            if (o.preRelease.isEmpty()) return -1;
            String[] a = preRelease.split("\\.", -1), b = o.preRelease.split("\\.", -1);
            for (int i = 0; ; i++) {
                if (i == a.length || i == b.length) return Integer.compare(a.length, b.length);
                boolean an = DIGITS.matcher(a[i]).matches(), bn = DIGITS.matcher(b[i]).matches();
                if (an != bn) return an ? -1 : 1; // numeric identifiers sort before alphanumeric ones
                int d = an ? compareNumeric(a[i], b[i]) : Integer.signum(Values.compareUtf8(a[i], b[i]));
                if (d != 0) return d;
            }
        }

        private static int compareNumeric(String a, String b) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
    }
}
