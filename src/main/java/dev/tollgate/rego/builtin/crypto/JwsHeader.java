package dev.tollgate.rego.builtin.crypto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one string parameter from a raw JWS header the way the jwx library (valyala/fastjson underneath) does
 * for io.jwt.encode_sign_raw: the first occurrence of a key wins, and a header that is JSON but not an
 * object (even {@code e}, which that parser takes for a number) simply has no such parameter.
 */
public final class JwsHeader {
    private JwsHeader() {}

    private static final JsonFactory JSON = new JsonFactory();

    /** The parameter's value, or a {@link GoError} with jwx's text when the header is unreadable or lacks it. */
    public static String string(byte[] header, String key) {
        String text = new String(header, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) throw new GoError("cannot parse JSON: cannot parse empty string; unparsed tail: \"\"");
        char first = text.charAt(0);
        String found = null;
        if (first == '{' || first == '[' || first == '"') {
            found = scan(text, key);
        } else if (first == 't' || first == 'f' || first == 'n') {
            if (!text.equals("true") && !text.equals("false") && !text.equals("null")) {
                throw new GoError("cannot parse JSON: unexpected value found: " + quoted(text));
            }
        } else {
            int i = 0;
            while (i < text.length() && "0123456789.-eE+".indexOf(text.charAt(i)) >= 0) i++;
            if (i == 0) throw new GoError("cannot parse JSON: cannot parse number: unexpected char: " + quoted(text.substring(0, 1)));
            if (i < text.length()) throw new GoError("cannot parse JSON: unexpected tail: " + quoted(text.substring(i)));
        }
        if (found == null) throw new GoError("jwsbb: header \"" + key + "\" not found");
        return found;
    }

    private static String scan(String text, String key) {
        String found = null;
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            boolean object = t == JsonToken.START_OBJECT;
            int depth = 0;
            while (t != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (object && depth == 1 && t == JsonToken.FIELD_NAME && p.currentName().equals(key)) {
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING && found == null) found = p.getText();
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) depth++;
                }
                t = p.nextToken();
            }
        } catch (IOException e) {
            throw new GoError("cannot parse JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return found;
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
