package dev.tollgate.rego.builtin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's net/url: query escaping, {@code ParseQuery} and {@code Parse}. OPA's urlquery.* and uri.* builtins expose
 * exactly what these return, including their error texts, so the rules are Go's byte for byte (work is on UTF-8
 * bytes, as Go strings are bytes).
 */
final class GoUrl {
    private GoUrl() {}

    /** A URL error; {@link #getMessage()} is Go's {@code err.Error()}. */
    static final class UrlError extends Exception {
        UrlError(String message) { super(message, null, false, false); }
    }

    /** The components of a parsed URL that OPA reads. */
    record Url(String scheme, String opaque, String host, String path, String rawPath, String rawQuery, String fragment) {
        /** {@code u.Hostname()}: the host without a valid port, IPv6 brackets removed. */
        String hostname() { return splitHostPort(host)[0]; }

        /** {@code u.Port()}: the numeric port, or "". */
        String port() { return splitHostPort(host)[1]; }
    }

    private enum Mode { PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

    // ---------------------------------------------------------------- escaping

    static String queryEscape(String s) { return escape(s, Mode.QUERY_COMPONENT); }

    static String queryUnescape(String s) throws UrlError { return unescape(s, Mode.QUERY_COMPONENT); }

    private static boolean shouldEscape(int c, Mode mode) {
        if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') return false;
        if (mode == Mode.HOST || mode == Mode.ZONE) {
            switch (c) {
                case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '[', ']', '<', '>', '"':
                    return false;
                default:
                    break;
            }
        }
        switch (c) {
            case '-', '_', '.', '~':
                return false;
            case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
                switch (mode) {
                    case PATH: return c == '?';
                    case PATH_SEGMENT: return c == '/' || c == ';' || c == ',' || c == '?';
                    case USER_PASSWORD: return c == '@' || c == '/' || c == '?' || c == ':';
                    case QUERY_COMPONENT: return true;
                    case FRAGMENT: return false;
                    default: break;
                }
                break;
            default:
                break;
        }
        if (mode == Mode.FRAGMENT) {
            switch (c) {
                case '!', '(', ')', '*':
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private static String escape(String s, Mode mode) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte value : bytes) {
            int c = value & 0xff;
            if (c == ' ' && mode == Mode.QUERY_COMPONENT) {
                sb.append('+');
            } else if (shouldEscape(c, mode)) {
                sb.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 15]);
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(int c) {
        return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F';
    }

    private static int unhex(int c) {
        if ('0' <= c && c <= '9') return c - '0';
        if ('a' <= c && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    }

    private static String unescape(String str, Mode mode) throws UrlError {
        byte[] s = str.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < s.length; ) {
            int c = s[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
                    throw escapeError(s, i, Math.min(s.length, i + 3));
                }
                // Hosts may only %-encode non-ASCII bytes; %25 (a zone's "%") is the one exception (RFC 6874).
                if (mode == Mode.HOST && unhex(s[i + 1]) < 8 && !isPercent25(s, i)) {
                    throw escapeError(s, i, i + 3);
                }
                if (mode == Mode.ZONE) {
                    int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
                    if (!isPercent25(s, i) && v != ' ' && shouldEscape(v, Mode.HOST)) throw escapeError(s, i, i + 3);
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
                    throw new UrlError("invalid character " + GoQuote.quote(String.valueOf((char) c)) + " in host name");
                }
                i++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        for (int i = 0; i < s.length; i++) {
            int c = s[i] & 0xff;
            if (c == '%') {
                out.write(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
                i += 2;
            } else if (c == '+' && mode == Mode.QUERY_COMPONENT) {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isPercent25(byte[] s, int i) {
        return s[i + 1] == '2' && s[i + 2] == '5';
    }

    private static UrlError escapeError(byte[] s, int from, int to) {
        return new UrlError("invalid URL escape " + GoQuote.quote(new String(s, from, to - from, StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- queries

    /** {@code url.ParseQuery}: keys in order of first appearance, values in order. Fails on the first bad pair. */
    static Map<String, List<String>> parseQuery(String query) throws UrlError {
        Map<String, List<String>> out = new LinkedHashMap<>();
        UrlError first = null;
        for (String pair : query.split("&", -1)) {
            if (pair.contains(";")) {
                if (first == null) first = new UrlError("invalid semicolon separator in query");
                continue;
            }
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                key = queryUnescape(key);
                value = queryUnescape(value);
            } catch (UrlError e) {
                if (first == null) first = e;
                continue;
            }
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        if (first != null) throw first;
        return out;
    }

    // ---------------------------------------------------------------- parsing

    /** {@code url.Parse(raw)}; errors read {@code parse "raw": reason} as Go's *url.Error does. */
    static Url parse(String raw) throws UrlError {
        int hash = raw.indexOf('#');
        String u = hash < 0 ? raw : raw.substring(0, hash);
        Url url;
        try {
            url = parseNoFragment(u);
        } catch (UrlError e) {
            throw new UrlError("parse " + GoQuote.quote(u) + ": " + e.getMessage());
        }
        if (hash < 0) return url;
        String fragment;
        try {
            fragment = unescape(raw.substring(hash + 1), Mode.FRAGMENT);
        } catch (UrlError e) {
            throw new UrlError("parse " + GoQuote.quote(raw) + ": " + e.getMessage());
        }
        return new Url(url.scheme, url.opaque, url.host, url.path, url.rawPath, url.rawQuery, fragment);
    }

    private static Url parseNoFragment(String raw) throws UrlError {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < ' ' || c == 0x7f) throw new UrlError("net/url: invalid control character in URL");
        }
        if (raw.equals("*")) return new Url("", "", "", "*", "", "", "");

        String scheme = "";
        String rest = raw;
        scan:
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') continue;
            if ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) break;
                continue;
            }
            if (c == ':') {
                if (i == 0) throw new UrlError("missing protocol scheme");
                scheme = raw.substring(0, i).toLowerCase(java.util.Locale.ROOT);
                rest = raw.substring(i + 1);
            }
            break scan;
        }

        String rawQuery = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1); // ForceQuery: "?" with nothing after it
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                rawQuery = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }

        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) return new Url(scheme, rest, "", "", "", rawQuery, ""); // rootless: opaque
            int slash = rest.indexOf('/');
            String segment = slash < 0 ? rest : rest.substring(0, slash);
            if (segment.contains(":")) throw new UrlError("first path segment in URL cannot contain colon");
        }

        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            rest = "";
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                rest = authority.substring(slash);
                authority = authority.substring(0, slash);
            }
            host = parseAuthority(authority);
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
        return new Url(scheme, "", host, path, rawPath, rawQuery, "");
    }

    /** Validates the userinfo (which OPA does not report) and returns the host. */
    private static String parseAuthority(String authority) throws UrlError {
        int at = authority.lastIndexOf('@');
        String host = parseHost(at < 0 ? authority : authority.substring(at + 1));
        if (at < 0) return host;
        String userinfo = authority.substring(0, at);
        if (!validUserinfo(userinfo)) throw new UrlError("net/url: invalid userinfo");
        int colon = userinfo.indexOf(':');
        if (colon < 0) {
            unescape(userinfo, Mode.USER_PASSWORD);
        } else {
            unescape(userinfo.substring(0, colon), Mode.USER_PASSWORD);
            unescape(userinfo.substring(colon + 1), Mode.USER_PASSWORD);
        }
        return host;
    }

    private static String parseHost(String host) throws UrlError {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) throw new UrlError("missing ']' in host");
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new UrlError("invalid port " + GoQuote.quote(colonPort) + " after host");
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                return unescape(host.substring(0, zone), Mode.HOST)
                        + unescape(host.substring(zone, close), Mode.ZONE)
                        + unescape(host.substring(close), Mode.HOST);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                String colonPort = host.substring(colon);
                if (!validOptionalPort(colonPort)) {
                    throw new UrlError("invalid port " + GoQuote.quote(colonPort) + " after host");
                }
            }
        }
        return unescape(host, Mode.HOST);
    }

    /** Empty, or ":" followed by ASCII digits only (Java's Unicode-aware digit test would let "٣٤" through). */
    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) return true;
        if (port.charAt(0) != ':') return false;
        for (int i = 1; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static boolean validUserinfo(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') continue;
            switch (c) {
                case '-', '.', '_', ':', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', '%', '@':
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }

    private static String[] splitHostPort(String hostPort) {
        String host = hostPort;
        String port = "";
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(host.substring(colon))) {
            port = host.substring(colon + 1);
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new String[] {host, port};
    }
}
