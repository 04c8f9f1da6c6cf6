package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

/**
 * uri.parse and uri.is_valid, over Go's {@code url.Parse}. Empty components are left out; {@code raw_path} is
 * Go's RawPath when set (the path's encoding differs from Go's default escaping) and the decoded path otherwise,
 * so policies can spot {@code %2F}-style path tricks.
 */
public final class Uri implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("uri.parse", 1, (ctx, a) -> {
            GoUrl.Url u;
            try {
                u = GoUrl.parse(Operands.string("uri.parse", a, 0));
            } catch (GoUrl.UrlError e) {
                throw RegoError.builtin("uri.parse", e.getMessage());
            }
            Value.Obj.Builder out = Value.Obj.builder();
            putIfPresent(out, "scheme", u.scheme());
            putIfPresent(out, "hostname", u.hostname());
            putIfPresent(out, "port", u.port());
            if (!u.path().isEmpty()) {
                out.put("path", Value.str(u.path()));
                out.put("raw_path", Value.str(u.rawPath().isEmpty() ? u.path() : u.rawPath()));
            }
            putIfPresent(out, "raw_query", u.rawQuery());
            putIfPresent(out, "fragment", u.fragment());
            return out.build();
        });
        r.register("uri.is_valid", 1, (ctx, a) -> {
            // OPA rejects the empty string although RFC 3986 allows it as a relative reference.
            if (!(a[0] instanceof Value.Str s) || s.value().isEmpty()) return Value.FALSE;
            try {
                GoUrl.parse(s.value());
                return Value.TRUE;
            } catch (GoUrl.UrlError e) {
                return Value.FALSE;
            }
        });
    }

    private static void putIfPresent(Value.Obj.Builder out, String key, String value) {
        if (!value.isEmpty()) out.put(key, Value.str(value));
    }
}
