package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * base64, base64url, hex, urlquery, json and yaml encoders and decoders. Each follows the Go function OPA calls,
 * including its error text: {@code base64.decode: illegal base64 data at input byte 4}.
 * Decoded bytes become a string as UTF-8; invalid sequences read as U+FFFD, which is what OPA shows once such a
 * Go string is serialised.
 */
public final class Encoding implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("base64.encode", 1, (ctx, a) ->
                Value.str(java.util.Base64.getEncoder().encodeToString(bytes(Operands.string("base64.encode", a, 0)))));
        r.register("base64.decode", 1, (ctx, a) -> {
            String s = Operands.string("base64.decode", a, 0);
            return Value.str(utf8(base64Decode("base64.decode", s, STD)));
        });
        r.register("base64.is_valid", 1, (ctx, a) -> {
            if (!(a[0] instanceof Value.Str s)) return Value.FALSE;
            try {
                base64Decode("base64.is_valid", s.value(), STD);
                return Value.TRUE;
            } catch (RegoError e) {
                return Value.FALSE;
            }
        });
        r.register("base64url.encode", 1, (ctx, a) ->
                Value.str(java.util.Base64.getUrlEncoder().encodeToString(bytes(Operands.string("base64url.encode", a, 0)))));
        r.register("base64url.encode_no_pad", 1, (ctx, a) -> Value.str(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(bytes(Operands.string("base64url.encode_no_pad", a, 0)))));
        r.register("base64url.decode", 1, (ctx, a) -> Value.str(utf8(base64UrlDecode(Operands.string("base64url.decode", a, 0)))));

        r.register("hex.encode", 1, (ctx, a) -> Value.str(hexEncode(bytes(Operands.string("hex.encode", a, 0)))));
        r.register("hex.decode", 1, (ctx, a) -> Value.str(utf8(hexDecode(Operands.string("hex.decode", a, 0)))));

        r.register("urlquery.encode", 1, (ctx, a) -> Value.str(GoUrl.queryEscape(Operands.string("urlquery.encode", a, 0))));
        r.register("urlquery.decode", 1, (ctx, a) -> {
            try {
                return Value.str(GoUrl.queryUnescape(Operands.string("urlquery.decode", a, 0)));
            } catch (GoUrl.UrlError e) {
                throw RegoError.builtin("urlquery.decode", e.getMessage());
            }
        });
        r.register("urlquery.encode_object", 1, (ctx, a) -> Value.str(encodeObject(Operands.object("urlquery.encode_object", a, 0))));
        r.register("urlquery.decode_object", 1, (ctx, a) -> decodeObject(Operands.string("urlquery.decode_object", a, 0)));

        r.register("json.marshal", 1, (ctx, a) -> Value.str(GoJson.marshal(a[0])));
        r.register("json.marshal_with_options", 2, (ctx, a) -> marshalWithOptions(a[0], a[1]));
        r.register("json.unmarshal", 1, (ctx, a) -> {
            String s = Operands.string("json.unmarshal", a, 0);
            try {
                return GoJson.parse(s);
            } catch (GoJson.SyntaxError e) {
                throw RegoError.builtin("json.unmarshal", e.getMessage());
            }
        });
        r.register("json.is_valid", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Str s && GoJson.valid(s.value())));

        r.register("yaml.marshal", 1, (ctx, a) -> Value.str(GoYaml.marshal(a[0])));
        r.register("yaml.unmarshal", 1, (ctx, a) -> {
            String s = Operands.string("yaml.unmarshal", a, 0);
            try {
                return GoYaml.parse(s);
            } catch (GoYaml.YamlError e) {
                throw RegoError.builtin("yaml.unmarshal", e.getMessage());
            }
        });
        r.register("yaml.is_valid", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Str s && GoYaml.valid(s.value())));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- base64

    private static final String STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /**
     * Go's padded base64 decoder, quantum by quantum, so a failure names the same input byte Go names.
     * Like Go it skips CR and LF anywhere in the input.
     */
    static byte[] base64Decode(String fn, String text, String alphabet) {
        byte[] src = bytes(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
        int si = 0;
        while (si < src.length) {
            int[] dbuf = new int[4];
            int dlen = 4;
            boolean end = false;
            for (int j = 0; j < 4; j++) {
                if (si == src.length) {
                    if (j == 0) return out.toByteArray();
                    throw corrupt(fn, si - j); // a padded encoding needs whole quanta
                }
                int in = src[si] & 0xff;
                si++;
                int v = in < 0x80 ? alphabet.indexOf(in) : -1;
                if (v >= 0) {
                    dbuf[j] = v;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=') throw corrupt(fn, si - 1);
                // padding: only after two or three symbols, and "==" must be complete
                if (j == 0 || j == 1) throw corrupt(fn, si - 1);
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) si++;
                    if (si == src.length) throw corrupt(fn, src.length);
                    if (src[si] != '=') throw corrupt(fn, si - 1);
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) si++;
                if (si < src.length) throw corrupt(fn, si); // trailing garbage
                dlen = j;
                end = true;
                break;
            }
            int val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
            out.write(val >> 16 & 0xff);
            if (dlen >= 3) out.write(val >> 8 & 0xff);
            if (dlen == 4) out.write(val & 0xff);
            if (end) break;
        }
        return out.toByteArray();
    }

    private static RegoError corrupt(String fn, int offset) {
        return RegoError.builtin(fn, "illegal base64 data at input byte " + offset);
    }

    /** OPA pads unpadded input first (RFC 7515 appendix C), then decodes with Go's padded URL alphabet. */
    static byte[] base64UrlDecode(String s) {
        if (!s.endsWith("=")) {
            switch (bytes(s).length % 4) {
                case 0 -> { }
                case 2 -> s += "==";
                case 3 -> s += "=";
                default -> throw RegoError.builtin("base64url.decode", "illegal base64url string: " + s);
            }
        }
        return base64Decode("base64url.decode", s, URL);
    }

    // ---------------------------------------------------------------- hex

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hexEncode(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(HEX[x >> 4 & 0xf]).append(HEX[x & 0xf]);
        return sb.toString();
    }

    /** Go's hex.DecodeString: pairs left to right, a bad byte is reported before a bad length. */
    static byte[] hexDecode(String text) {
        byte[] src = bytes(text);
        byte[] dst = new byte[src.length / 2];
        int j = 1;
        for (; j < src.length; j += 2) {
            int a = hexValue(src[j - 1]);
            int b = hexValue(src[j]);
            if (a < 0) throw invalidHexByte(src[j - 1]);
            if (b < 0) throw invalidHexByte(src[j]);
            dst[j / 2] = (byte) (a << 4 | b);
        }
        if (src.length % 2 == 1) {
            if (hexValue(src[j - 1]) < 0) throw invalidHexByte(src[j - 1]);
            throw RegoError.builtin("hex.decode", "encoding/hex: odd length hex string");
        }
        return dst;
    }

    private static int hexValue(byte b) {
        return b >= 0 ? Character.digit(b, 16) : -1;
    }

    private static RegoError invalidHexByte(byte b) {
        return RegoError.builtin("hex.decode", "encoding/hex: invalid byte: " + GoQuote.unicodeVerb(b & 0xff));
    }

    // ---------------------------------------------------------------- urlquery objects

    private static final String ENCODE_OBJECT = "urlquery.encode_object";

    /** Go's url.Values.Encode: keys sorted, one key=value per value, each side query-escaped. */
    private static String encodeObject(Value.Obj o) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Value> e : GoJson.members(o).entrySet()) {
            List<String> values = new ArrayList<>();
            Value v = e.getValue();
            if (v instanceof Value.Str s) {
                values.add(s.value());
            } else if (v instanceof Value.Arr || v instanceof Value.SetV) {
                for (Value x : v instanceof Value.Arr arr ? arr.elements() : ((Value.SetV) v).elements()) {
                    if (!(x instanceof Value.Str s)) throw encodeObjectError();
                    values.add(s.value());
                }
            } else {
                throw encodeObjectError();
            }
            String key = GoUrl.queryEscape(e.getKey());
            for (String value : values) {
                if (sb.length() > 0) sb.append('&');
                sb.append(key).append('=').append(GoUrl.queryEscape(value));
            }
        }
        return sb.toString();
    }

    private static RegoError encodeObjectError() {
        return Operands.typeError(ENCODE_OBJECT, 1, "values must be string, array[string], or set[string]");
    }

    private static Value decodeObject(String query) {
        Map<String, List<String>> params;
        try {
            params = GoUrl.parseQuery(query);
        } catch (GoUrl.UrlError e) {
            throw RegoError.builtin("urlquery.decode_object", e.getMessage());
        }
        Map<Value, Value> out = new HashMap<>();
        params.forEach((k, vs) -> {
            List<Value> arr = new ArrayList<>(vs.size());
            for (String v : vs) arr.add(Value.str(v));
            out.put(Value.str(k), Value.Arr.wrap(arr));
        });
        return Value.Obj.wrap(out);
    }

    // ---------------------------------------------------------------- json.marshal_with_options

    private static final String WITH_OPTIONS = "json.marshal_with_options";

    /**
     * Options as OPA reads them: "prefix" or "indent" imply pretty printing unless "pretty" says otherwise;
     * any other key is an error. The error texts keep OPA's odd operand numbering (the key's index).
     */
    private static Value marshalWithOptions(Value x, Value options) {
        Value.Obj opts = Operands.object(WITH_OPTIONS, new Value[] {x, options}, 1);
        String indent = "\t";
        String prefix = "";
        boolean implicitPretty = false;
        Boolean explicitPretty = null;
        List<Value> keys = opts.keys();
        for (int idx = 0; idx < keys.size(); idx++) {
            Value k = keys.get(idx);
            Value v = opts.get(k);
            if (!(k instanceof Value.Str ks)) {
                throw Operands.typeError(WITH_OPTIONS, 2, "failed to stringify key " + Values.render(k) + " at index " + idx
                        + ": operand " + idx + " must be string but got " + k.typeName());
            }
            switch (ks.value()) {
                case "prefix", "indent" -> {
                    if (!(v instanceof Value.Str vs)) {
                        throw Operands.typeError(WITH_OPTIONS, 2, "key " + ks.value() + " failed cast to string: operand "
                                + idx + " must be string but got " + v.typeName());
                    }
                    if (ks.value().equals("prefix")) prefix = vs.value();
                    else indent = vs.value();
                    implicitPretty = true;
                }
                case "pretty" -> {
                    if (!(v instanceof Value.Bool b)) {
                        throw Operands.typeError(WITH_OPTIONS, 2, "key pretty failed cast to bool");
                    }
                    explicitPretty = b.value();
                }
                default -> throw Operands.typeError(WITH_OPTIONS, 2, "object contained unknown key " + ks.value());
            }
        }
        boolean pretty = explicitPretty != null ? explicitPretty : implicitPretty;
        // MarshalIndent leaves the first line unprefixed; OPA adds it.
        return Value.str(pretty ? prefix + GoJson.marshalIndent(x, prefix, indent) : GoJson.marshal(x));
    }

}
