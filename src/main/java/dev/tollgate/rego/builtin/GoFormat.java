package dev.tollgate.rego.builtin;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf} for the four kinds of operand OPA's sprintf hands it: int64 ({@link Long}),
 * {@code *big.Int} ({@link BigInteger}), float64 ({@link Double}) and string. Verbs, flags, widths, precisions,
 * {@code *} and {@code [n]} argument indexes behave as in Go, including its in-band error text
 * ({@code %!d(string=x)}, {@code %!s(MISSING)}, {@code %!(EXTRA ...)}).
 */
public final class GoFormat {
    private static final String LOWER = "0123456789abcdefx";
    private static final String UPPER = "0123456789ABCDEFX";
    private static final int TOO_LARGE = 1_000_000;

    private final StringBuilder out = new StringBuilder();
    private final List<Object> args;
    // The current verb's flags, reset for each verb.
    private boolean plus, minus, sharp, space, zero, plusV, sharpV;
    private boolean widPresent, precPresent;
    private int wid, prec;
    private boolean reordered, goodArgNum;

    private GoFormat(List<Object> args) {
        this.args = args;
    }

    /** fmt.Sprintf over Long (int64), BigInteger (*big.Int), Double (float64) and String operands. */
    public static String sprintf(String format, List<Object> args) {
        GoFormat f = new GoFormat(args);
        f.doPrintf(format);
        return f.out.toString();
    }

    private void clearFlags() {
        plus = minus = sharp = space = zero = plusV = sharpV = false;
        widPresent = precPresent = false;
        wid = prec = 0;
    }

    private void doPrintf(String format) {
        int end = format.length();
        int argNum = 0;
        boolean afterIndex;
        reordered = false;
        int i = 0;
        while (i < end) {
            goodArgNum = true;
            int last = i;
            while (i < end && format.charAt(i) != '%') i++;
            if (i > last) out.append(format, last, i);
            if (i >= end) break;
            i++; // skip %
            clearFlags();
            flags:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> sharp = true;
                    case '0' -> zero = !minus; // zero padding only to the left
                    case '+' -> plus = true;
                    case '-' -> { minus = true; zero = false; }
                    case ' ' -> space = true;
                    default -> { break flags; }
                }
            }
            int[] r = argNumber(argNum, format, i);
            argNum = r[0]; i = r[1]; afterIndex = r[2] == 1;
            if (i < end && format.charAt(i) == '*') {
                i++;
                Integer w = intFromArg(argNum);
                if (argNum < args.size()) argNum++;
                widPresent = w != null;
                wid = w == null ? 0 : w;
                if (!widPresent) out.append("%!(BADWIDTH)");
                if (wid < 0) { wid = -wid; minus = true; zero = false; }
                afterIndex = false;
            } else {
                int[] n = parseNum(format, i, end);
                wid = n[0]; widPresent = n[1] == 1; i = n[2];
                if (afterIndex && widPresent) goodArgNum = false; // "%[3]2d"
            }
            if (i + 1 < end && format.charAt(i) == '.') {
                i++;
                if (afterIndex) goodArgNum = false; // "%[3].2d"
                r = argNumber(argNum, format, i);
                argNum = r[0]; i = r[1]; afterIndex = r[2] == 1;
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    Integer p = intFromArg(argNum);
                    if (argNum < args.size()) argNum++;
                    precPresent = p != null;
                    prec = p == null ? 0 : p;
                    if (prec < 0) { prec = 0; precPresent = false; }
                    if (p == null) out.append("%!(BADPREC)");
                    afterIndex = false;
                } else {
                    int[] n = parseNum(format, i, end);
                    prec = n[0]; precPresent = true; i = n[2];
                    if (n[1] == 0) prec = 0;
                }
            }
            if (!afterIndex) {
                r = argNumber(argNum, format, i);
                argNum = r[0]; i = r[1];
            }
            if (i >= end) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%'); // absorbs no operand, ignores width and precision
            } else if (!goodArgNum) {
                out.append("%!").appendCodePoint(verb).append("(BADINDEX)");
            } else if (argNum >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
            } else {
                if (verb == 'v') {
                    sharpV = sharp; sharp = false;
                    plusV = plus; plus = false;
                }
                printArg(args.get(argNum), verb);
                argNum++;
            }
        }
        if (!reordered && argNum < args.size()) {
            clearFlags();
            out.append("%!(EXTRA ");
            for (int k = argNum; k < args.size(); k++) {
                if (k > argNum) out.append(", ");
                out.append(typeName(args.get(k))).append('=');
                printArg(args.get(k), 'v');
            }
            out.append(')');
        }
    }

    /** An explicit {@code [n]} argument index: {new argNum, new i, found}. */
    private int[] argNumber(int argNum, String format, int i) {
        if (format.length() <= i || format.charAt(i) != '[') return new int[]{argNum, i, 0};
        reordered = true;
        String rest = format.substring(i);
        int index = 0, width = 1;
        boolean ok = false;
        if (rest.length() >= 3) {
            for (int k = 1; k < rest.length(); k++) {
                if (rest.charAt(k) == ']') {
                    int[] n = parseNum(rest, 1, k);
                    width = k + 1;
                    if (n[1] == 1 && n[2] == k) { index = n[0] - 1; ok = true; }
                    break;
                }
            }
        }
        if (ok && index >= 0 && index < args.size()) return new int[]{index, i + width, 1};
        goodArgNum = false;
        return new int[]{argNum, i + width, ok ? 1 : 0};
    }

    /** Decimal digits from start: {value, present, new index}; absurdly long numbers count as absent. */
    private static int[] parseNum(String s, int start, int end) {
        if (start >= end) return new int[]{0, 0, end};
        int num = 0, i = start;
        boolean isNum = false;
        for (; i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            if (num > TOO_LARGE) return new int[]{0, 0, end};
            num = num * 10 + (s.charAt(i) - '0');
            isNum = true;
        }
        return new int[]{num, isNum ? 1 : 0, i};
    }

    /** A {@code *} width or precision: only a machine-sized integer argument counts. */
    private Integer intFromArg(int argNum) {
        if (argNum >= args.size()) return null;
        if (args.get(argNum) instanceof Long l && Math.abs(l) <= TOO_LARGE) return l.intValue();
        return null;
    }

    static String typeName(Object arg) {
        if (arg instanceof Long) return "int64";
        if (arg instanceof BigInteger) return "*big.Int";
        if (arg instanceof Double) return "float64";
        return "string";
    }

    private void printArg(Object arg, int verb) {
        if (verb == 'T') {
            fmtS(typeName(arg));
            return;
        }
        if (arg instanceof Long l) fmtInteger(l, verb);
        else if (arg instanceof BigInteger b) fmtBigInt(b, verb);
        else if (arg instanceof Double d) fmtFloat(d, verb);
        else fmtString((String) arg, verb);
    }

    private void badVerb(Object arg, int verb) {
        out.append("%!").appendCodePoint(verb).append('(').append(typeName(arg)).append('=');
        printArg(arg, 'v');
        out.append(')');
    }

    // ------------------------------------------------------------------ padding

    private void writePadding(int n) {
        char c = zero ? '0' : ' ';
        for (int k = 0; k < n; k++) out.append(c);
    }

    private void pad(String s) {
        if (!widPresent || wid == 0) {
            out.append(s);
            return;
        }
        int width = wid - s.codePointCount(0, s.length());
        if (!minus) {
            writePadding(width);
            out.append(s);
        } else {
            out.append(s);
            writePadding(width);
        }
    }

    // ------------------------------------------------------------------ strings

    private void fmtString(String s, int verb) {
        switch (verb) {
            case 'v' -> { if (sharpV) fmtQ(s); else fmtS(s); }
            case 's' -> fmtS(s);
            case 'x' -> fmtSx(s, LOWER);
            case 'X' -> fmtSx(s, UPPER);
            case 'q' -> fmtQ(s);
            default -> badVerb(s, verb);
        }
    }

    private String truncate(String s) {
        if (precPresent && s.codePointCount(0, s.length()) > prec) return s.substring(0, s.offsetByCodePoints(0, prec));
        return s;
    }

    private void fmtS(String s) {
        pad(truncate(s));
    }

    private void fmtQ(String s) {
        s = truncate(s);
        if (sharp && GoQuote.canBackquote(s)) pad("`" + s + "`");
        else pad(plus ? GoQuote.quoteToAscii(s) : GoQuote.quote(s));
    }

    private void fmtSx(String s, String digits) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int length = precPresent && prec < b.length ? prec : b.length;
        int width = 2 * length;
        if (width == 0) {
            if (widPresent) writePadding(wid);
            return;
        }
        if (space) {
            if (sharp) width *= 2;
            width += length - 1;
        } else if (sharp) {
            width += 2;
        }
        if (widPresent && wid > width && !minus) writePadding(wid - width);
        if (sharp) out.append('0').append(digits.charAt(16));
        for (int k = 0; k < length; k++) {
            if (space && k > 0) {
                out.append(' ');
                if (sharp) out.append('0').append(digits.charAt(16));
            }
            out.append(digits.charAt((b[k] >> 4) & 0xF)).append(digits.charAt(b[k] & 0xF));
        }
        if (widPresent && wid > width && minus) writePadding(wid - width);
    }

    // ------------------------------------------------------------------ integers

    private void fmtInteger(long v, int verb) {
        switch (verb) {
            case 'v', 'd' -> fmtInteger(v, 10, verb, LOWER);
            case 'b' -> fmtInteger(v, 2, verb, LOWER);
            case 'o', 'O' -> fmtInteger(v, 8, verb, LOWER);
            case 'x' -> fmtInteger(v, 16, verb, LOWER);
            case 'X' -> fmtInteger(v, 16, verb, UPPER);
            case 'c' -> pad(new String(Character.toChars(validRune(v))));
            case 'q' -> {
                if (v >= 0 && v <= Character.MAX_CODE_POINT) pad(GoQuote.quoteRune(validRune(v), plus));
                else badVerb(v, verb);
            }
            case 'U' -> fmtUnicode(v);
            default -> badVerb(v, verb);
        }
    }

    private static int validRune(long v) {
        return v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int) v;
    }

    private void fmtInteger(long v, int base, int verb, String digits) {
        boolean negative = v < 0;
        BigInteger u = BigInteger.valueOf(v).abs();
        int precision = 0;
        if (precPresent) {
            precision = prec;
            if (precision == 0 && v == 0) {
                boolean oldZero = zero;
                zero = false;
                writePadding(wid);
                zero = oldZero;
                return;
            }
        } else if (zero && !minus && widPresent) {
            precision = wid;
            if (negative || plus || space) precision--; // leave room for the sign
        }
        StringBuilder num = new StringBuilder(toDigits(u, base, digits));
        while (num.length() < precision) num.insert(0, '0');
        if (sharp) {
            switch (base) {
                case 2 -> num.insert(0, "0b");
                case 8 -> { if (num.charAt(0) != '0') num.insert(0, '0'); }
                case 16 -> num.insert(0, "0" + digits.charAt(16));
                default -> { }
            }
        }
        if (verb == 'O') num.insert(0, "0o");
        if (negative) num.insert(0, '-');
        else if (plus) num.insert(0, '+');
        else if (space) num.insert(0, ' ');
        boolean oldZero = zero;
        zero = false; // zero padding was done above, as precision
        pad(num.toString());
        zero = oldZero;
    }

    private static String toDigits(BigInteger u, int base, String digits) {
        String s = u.toString(base);
        return digits == UPPER ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    private void fmtUnicode(long v) {
        String hex = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        if (v < 0) hex = BigInteger.valueOf(v).add(BigInteger.ONE.shiftLeft(64)).toString(16).toUpperCase(java.util.Locale.ROOT);
        int digits = precPresent && prec > 4 ? prec : 4;
        StringBuilder sb = new StringBuilder("U+");
        for (int k = hex.length(); k < digits; k++) sb.append('0');
        sb.append(hex);
        if (sharp && v >= 0 && v <= Character.MAX_CODE_POINT && GoQuote.isPrint((int) v)) {
            sb.append(" '").appendCodePoint((int) v).append('\'');
        }
        boolean oldZero = zero;
        zero = false;
        pad(sb.toString());
        zero = oldZero;
    }

    /** {@code *big.Int} formats itself (math/big's Format), with its own padding rules. */
    private void fmtBigInt(BigInteger x, int verb) {
        int base;
        switch (verb) {
            case 'b' -> base = 2;
            case 'o', 'O' -> base = 8;
            case 'd', 's', 'v' -> base = 10;
            case 'x', 'X' -> base = 16;
            default -> {
                out.append("%!").appendCodePoint(verb).append("(big.Int=").append(x).append(')');
                return;
            }
        }
        boolean sharpFlag = sharp || sharpV, plusFlag = plus || plusV;
        String sign = x.signum() < 0 ? "-" : plusFlag ? "+" : space ? " " : "";
        String prefix = "";
        if (sharpFlag) {
            prefix = switch (verb) {
                case 'b' -> "0b";
                case 'o' -> "0";
                case 'x' -> "0x";
                case 'X' -> "0X";
                default -> "";
            };
        }
        if (verb == 'O') prefix = "0o";
        String digits = x.abs().toString(base);
        if (verb == 'X') digits = digits.toUpperCase(java.util.Locale.ROOT);
        int zeros = 0, left = 0, right = 0;
        if (precPresent) {
            if (digits.length() < prec) zeros = prec - digits.length();
            else if (digits.equals("0") && prec == 0) return;
        }
        int length = sign.length() + prefix.length() + zeros + digits.length();
        if (widPresent && length < wid) {
            int d = wid - length;
            if (minus) right = d;
            else if (zero && !precPresent) zeros = d;
            else left = d;
        }
        out.append(" ".repeat(left)).append(sign).append(prefix).append("0".repeat(zeros)).append(digits).append(" ".repeat(right));
    }

    // ------------------------------------------------------------------ floats

    private void fmtFloat(double v, int verb) {
        switch (verb) {
            case 'v' -> fmtFloat(v, 'g', -1);
            case 'b', 'g', 'G', 'x', 'X' -> fmtFloat(v, verb, -1);
            case 'f', 'e', 'E', 'F' -> fmtFloat(v, verb, 6);
            default -> badVerb(v, verb);
        }
    }

    private void fmtFloat(double v, int verb, int defaultPrec) {
        int p = precPresent ? prec : defaultPrec;
        String num = FloatFormat.format(v, verb, p);
        num = num.startsWith("-") || num.startsWith("+") ? num : "+" + num;
        if (space && num.charAt(0) == '+' && !plus) num = " " + num.substring(1);
        if (sharp && verb != 'b') num = sharpFloat(num, verb, p);
        if (plus || num.charAt(0) != '+') {
            if (zero && !minus && widPresent && wid > num.length()) {
                out.append(num.charAt(0));
                writePadding(wid - num.length());
                out.append(num, 1, num.length());
                return;
            }
            pad(num);
            return;
        }
        pad(num.substring(1));
    }

    /** The # flag: always a decimal point, and %g keeps its trailing zeros. */
    private static String sharpFloat(String num, int verb, int p) {
        int digits = 0;
        if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = p == -1 ? 6 : p;
        String tail = "";
        boolean hasPoint = false, sawNonzero = false;
        StringBuilder body = new StringBuilder(num.substring(0, 1));
        for (int k = 1; k < num.length(); k++) {
            char c = num.charAt(k);
            if (c == '.') {
                hasPoint = true;
            } else if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
                tail = num.substring(k);
                break;
            } else {
                if (c != '0') sawNonzero = true;
                if (sawNonzero) digits--;
            }
            body.append(c);
        }
        if (!hasPoint) {
            if (body.length() == 2 && body.charAt(1) == '0') digits--;
            body.append('.');
        }
        while (digits-- > 0) body.append('0');
        return body + tail;
    }
}
