package dev.tollgate.rego.builtin.crypto;

import dev.tollgate.rego.Value;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's net/url.URL for the parts OPA exposes: certificate URIs (marshalled as the Go struct) and the
 * escaped path and raw query that AWS request signing puts into its canonical request.
 */
public record GoUrl(String scheme, String opaque, boolean hasUser, String host, String path, String rawPath,
                    boolean forceQuery, String rawQuery, String fragment, String rawFragment) {

    public static GoUrl parse(String raw) {
        String rest = raw, fragment = "", rawFragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            String frag = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
            fragment = unescape(frag, false);
            if (!escape(fragment, Mode.FRAGMENT).equals(frag)) rawFragment = frag;
        }
        String scheme = "";
        int colon = schemeEnd(rest);
        if (colon > 0) {
            scheme = rest.substring(0, colon).toLowerCase();
            rest = rest.substring(colon + 1);
        } else if (colon == 0) {
            throw new GoError("parse " + GoJson.marshal(Value.str(raw)) + ": missing protocol scheme");
        }
        boolean forceQuery = false;
        String rawQuery = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            forceQuery = true;
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                rawQuery = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/") && !scheme.isEmpty()) {
            return new GoUrl(scheme, rest, false, "", "", "", forceQuery, rawQuery, fragment, rawFragment);
        }
        boolean hasUser = false;
        String host = "";
        if (rest.startsWith("//") && (!scheme.isEmpty() || !rest.startsWith("///"))) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                hasUser = true;
                authority = authority.substring(at + 1);
            }
            host = unescape(authority, true);
        }
        String path = unescape(rest, false);
        String rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
        return new GoUrl(scheme, "", hasUser, host, path, rawPath, forceQuery, rawQuery, fragment, rawFragment);
    }

    /** {@code URL.EscapedPath}: the original spelling when it is a valid encoding of the path, else Go's escaping. */
    public String escapedPath() {
        if (!rawPath.isEmpty() && validEncoded(rawPath) && unescape(rawPath, false).equals(path)) return rawPath;
        if (path.equals("*")) return "*";
        return escape(path, Mode.PATH);
    }

    /** {@code URL.String} for the URLs x509 certificates carry. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!scheme.isEmpty()) sb.append(scheme).append(':');
        if (!opaque.isEmpty()) {
            sb.append(opaque);
        } else {
            if (!scheme.isEmpty() || !host.isEmpty() || hasUser) {
                if (!host.isEmpty() || !path.isEmpty() || hasUser) sb.append("//");
                sb.append(escape(host, Mode.HOST));
            }
            String p = escapedPath();
            if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) sb.append('/');
            sb.append(p);
        }
        if (forceQuery || !rawQuery.isEmpty()) sb.append('?').append(rawQuery);
        if (!fragment.isEmpty()) sb.append('#').append(rawFragment.isEmpty() ? escape(fragment, Mode.FRAGMENT) : rawFragment);
        return sb.toString();
    }

    /** The JSON Go's encoding/json writes for a *url.URL (User marshals as {} since its fields are unexported). */
    public Value toJson() {
        return Value.Obj.builder().put("Scheme", Value.str(scheme)).put("Opaque", Value.str(opaque))
                .put("User", hasUser ? Value.Obj.EMPTY : Value.NULL).put("Host", Value.str(host))
                .put("Path", Value.str(path)).put("RawPath", Value.str(rawPath)).put("OmitHost", Value.FALSE)
                .put("ForceQuery", Value.bool(forceQuery)).put("RawQuery", Value.str(rawQuery))
                .put("Fragment", Value.str(fragment)).put("RawFragment", Value.str(rawFragment)).build();
    }

    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c) && c < 128) continue;
            if ((Character.isDigit(c) || c == '+' || c == '-' || c == '.') && i > 0) continue;
            if (c == ':') return i;
            return -1;
        }
        return -1;
    }

    private enum Mode { PATH, HOST, FRAGMENT }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static boolean keep(char c, Mode mode) {
        if (unreserved(c)) return true;
        return switch (mode) {
            case PATH -> "$&+,/:;=@".indexOf(c) >= 0;
            case HOST -> "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
            case FRAGMENT -> "$&+,/:;=?@!()*".indexOf(c) >= 0;
        };
    }

    private static String escape(String s, Mode mode) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && keep(c, mode)) sb.append(c);
            else sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
        }
        return sb.toString();
    }

    private static boolean validEncoded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || "!$&'()*+,;=:@[]".indexOf(c) >= 0 || unreserved(c) || c == '/') continue;
            return false;
        }
        return true;
    }

    private static String unescape(String s, boolean host) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    throw new GoError("invalid URL escape " + GoJson.marshal(Value.str(bad)));
                }
                out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(c) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
