package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.Digests;
import dev.tollgate.rego.builtin.crypto.GoBase64;
import dev.tollgate.rego.builtin.crypto.GoError;
import dev.tollgate.rego.builtin.crypto.GoJson;
import dev.tollgate.rego.builtin.crypto.Jwk;
import dev.tollgate.rego.builtin.crypto.Jws;
import dev.tollgate.rego.builtin.crypto.JwsHeader;
import dev.tollgate.rego.builtin.crypto.TokenKeys;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * io.jwt.*: decode JSON Web Tokens, verify their signatures (HMAC, RSA, RSA-PSS, ECDSA, EdDSA) against
 * secrets, PEM certificates, PEM public keys or JWK sets, check claims (iss, aud, exp, nbf), and sign new
 * tokens from JWKs. Follows OPA's topdown/tokens.go, including the order in which things are checked.
 */
public final class Jwt implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("io.jwt.decode", 1, (ctx, a) -> guarded("io.jwt.decode", () -> decode(a[0])));
        // decode_verify reads the clock when no time is given; ES and PS signatures are randomised
        r.registerNondeterministic("io.jwt.decode_verify", 2, Jwt::decodeVerify);
        for (String bits : List.of("256", "384", "512")) {
            Digests d = Jws.digest("HS" + bits);
            r.register("io.jwt.verify_hs" + bits, 2, (ctx, a) -> verifyHmac("io.jwt.verify_hs" + bits, d, a));
            r.register("io.jwt.verify_rs" + bits, 2, (ctx, a) -> verify("io.jwt.verify_rs" + bits, a,
                    (key, input, sig) -> key instanceof RSAPublicKey rsa && Jws.pkcs1(rsa, d, input, sig)));
            r.register("io.jwt.verify_ps" + bits, 2, (ctx, a) -> verify("io.jwt.verify_ps" + bits, a,
                    (key, input, sig) -> key instanceof RSAPublicKey rsa && Jws.pss(rsa, d, d.hash(input), sig)));
            r.register("io.jwt.verify_es" + bits, 2, (ctx, a) -> verify("io.jwt.verify_es" + bits, a,
                    (key, input, sig) -> key instanceof ECPublicKey ec && Jws.ecdsa(ec, d.hash(input), sig)));
        }
        r.register("io.jwt.verify_eddsa", 2, (ctx, a) -> verify("io.jwt.verify_eddsa", a, Jws::ed25519));
        r.registerNondeterministic("io.jwt.encode_sign", 3, (ctx, a) -> {
            String fn = "io.jwt.encode_sign";
            byte[] header = GoJson.marshal(Operands.object(fn, a, 0)).getBytes(StandardCharsets.UTF_8);
            byte[] payload = GoJson.marshal(Operands.object(fn, a, 1)).getBytes(StandardCharsets.UTF_8);
            String jwk = GoJson.marshal(Operands.object(fn, a, 2));
            return guarded(fn, () -> sign(header, payload, jwk));
        });
        r.registerNondeterministic("io.jwt.encode_sign_raw", 3, (ctx, a) -> {
            String fn = "io.jwt.encode_sign_raw";
            String jwk = Operands.string(fn, a, 2);
            byte[] header = Operands.string(fn, a, 0).getBytes(StandardCharsets.UTF_8);
            byte[] payload = Operands.string(fn, a, 1).getBytes(StandardCharsets.UTF_8);
            return guarded(fn, () -> sign(header, payload, jwk));
        });
    }

    // ------------------------------------------------------------------ tokens

    /** The three base64url sections of a compact JWS, still encoded. */
    private record Token(String header, String payload, String signature) {
        byte[] signingInput() {
            return (header + "." + payload).getBytes(StandardCharsets.UTF_8);
        }

        Value.Obj decodeHeader() {
            byte[] h;
            try {
                h = GoBase64.decodeUrlLenient(header);
            } catch (GoError e) {
                throw e.wrap("JWT header had invalid encoding");
            }
            Value.Obj obj;
            try {
                obj = jsonObject(h);
            } catch (GoError e) {
                throw e.wrap("bad JWT header");
            }
            if (obj.get("enc") != null) throw new GoError("JWT is a JWE object, which is not supported");
            return obj;
        }

        byte[] decodePayload() {
            try {
                return GoBase64.decodeUrlLenient(payload);
            } catch (GoError e) {
                throw e.wrap("JWT payload had invalid encoding");
            }
        }

        byte[] decodeSignature() {
            return GoBase64.decodeUrlLenient(signature);
        }
    }

    private static Token split(String fn, Value jwt) {
        if (!(jwt instanceof Value.Str s)) throw RegoError.operand(fn, 1, "string", jwt);
        String text = s.value();
        if (!text.contains(".")) throw new GoError("encoded JWT had no period separators");
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) throw new GoError("encoded JWT must have 3 sections, found " + parts.length);
        return new Token(parts[0], parts[1], parts[2]);
    }

    private static Value.Obj jsonObject(byte[] json) {
        Value v;
        try {
            v = GoJson.parse(json);
        } catch (GoError e) {
            throw e.wrap("invalid JSON");
        }
        if (!(v instanceof Value.Obj o)) throw new GoError("decoded JSON type was not an Object");
        return o;
    }

    private static Value decode(Value jwt) {
        Token t = split("io.jwt.decode", jwt);
        Value.Obj header = t.decodeHeader();
        byte[] payload = t.decodePayload();
        if (header.get("cty") instanceof Value.Str cty && cty.value().equals("JWT")) {
            // a nested token arrives quoted (jwt.io does this); strip the quotes and decode the inner one
            return decode(Value.str(trim(new String(payload, StandardCharsets.UTF_8), "\"'")));
        }
        Value.Obj claims = jsonObject(payload);
        byte[] sig;
        try {
            sig = t.decodeSignature();
        } catch (GoError e) {
            throw e.wrap("JWT signature had invalid encoding");
        }
        return Value.Arr.of(header, claims, Value.str(HexFormat.of().formatHex(sig)));
    }

    private static String trim(String s, String cutset) {
        int from = 0, to = s.length();
        while (from < to && cutset.indexOf(s.charAt(from)) >= 0) from++;
        while (to > from && cutset.indexOf(s.charAt(to - 1)) >= 0) to--;
        return s.substring(from, to);
    }

    /** The JOSE header parameters OPA looks at; other names are remembered for the crit check. */
    private record Header(String alg, String kid, String cty, Set<String> crit, Set<String> unknown) {
        static Header of(Value.Obj h) {
            String alg = "", kid = "", cty = "";
            Set<String> crit = new HashSet<>(), unknown = new HashSet<>();
            for (Value k : h.keys()) {
                String name = k instanceof Value.Str s ? s.value() : String.valueOf(k);
                Value v = h.get(k);
                switch (name) {
                    case "alg", "kid", "typ", "cty" -> {
                        if (!(v instanceof Value.Str s)) throw new GoError(name + ": must be a string");
                        if (name.equals("alg")) alg = s.value();
                        if (name.equals("kid")) kid = s.value();
                        if (name.equals("cty")) cty = s.value();
                    }
                    case "crit" -> {
                        if (!(v instanceof Value.Arr a)) throw new GoError("crit: must be a list");
                        for (Value e : a.elements()) {
                            if (!(e instanceof Value.Str s)) break; // OPA stops reading at the first non-string
                            crit.add(s.value());
                        }
                        if (crit.isEmpty()) throw new GoError("crit: must be a nonempty list");
                    }
                    default -> unknown.add(name);
                }
            }
            return new Header(alg, kid, cty, crit, unknown);
        }

        /** RFC 7515: alg is required, and every critical parameter must be one we understand. */
        boolean valid() {
            if (alg.isEmpty()) return false;
            for (String u : unknown) if (crit.contains(u)) return false;
            return true;
        }
    }

    // ------------------------------------------------------------------ verification

    private static Value verifyHmac(String fn, Digests d, Value[] a) {
        String jwt = Operands.string(fn, a, 0);
        String secret = Operands.string(fn, a, 1);
        return guarded(fn, () -> {
            Token t = split(fn, Value.str(jwt));
            byte[] mac = d.hmac(secret.getBytes(StandardCharsets.UTF_8), t.signingInput());
            return Value.bool(Digests.constantTimeEquals(t.decodeSignature(), mac));
        });
    }

    private interface Check {
        boolean verify(PublicKey key, byte[] input, byte[] signature);
    }

    /** verify_rs/ps/es/eddsa: the builtin fixes the algorithm family; a key named by kid is tried alone. */
    private static Value verify(String fn, Value[] a, Check check) {
        return guarded(fn, () -> {
            Token t = split(fn, a[0]);
            String keyText = Operands.string(fn, a, 1);
            List<TokenKeys.Key> keys = TokenKeys.parse(keyText);
            byte[] sig = t.decodeSignature();
            Header header = Header.of(t.decodeHeader());
            byte[] input = t.signingInput();
            if (!header.kid().isEmpty()) {
                for (TokenKeys.Key k : keys) {
                    if (k.kid().equals(header.kid())) return Value.bool(usable(k) && check.verify(k.publicKey(), input, sig));
                }
            }
            for (TokenKeys.Key k : keys) {
                if (!k.alg().isEmpty() && !k.alg().equals(header.alg())) continue;
                if (usable(k) && check.verify(k.publicKey(), input, sig)) return Value.TRUE;
            }
            return Value.FALSE;
        });
    }

    /** OPA's verify_* builtins accept public keys only; a private JWK fails their key-type check. */
    private static boolean usable(TokenKeys.Key k) {
        return k.publicKey() != null && !k.fromPrivateJwk();
    }

    private static final Value UNVERIFIED = Value.Arr.of(Value.FALSE, Value.Obj.EMPTY, Value.Obj.EMPTY);

    /** The checks io.jwt.decode_verify was asked for. */
    private record Constraints(List<TokenKeys.Key> keys, String secret, String alg, String iss, String aud, double time) {}

    private static Value decodeVerify(BuiltinContext ctx, Value[] a) {
        String fn = "io.jwt.decode_verify";
        Value.Obj options = Operands.object(fn, a, 1);
        return guarded(fn, () -> {
            Constraints c = constraints(options, ctx.queryTimeNanos());
            Value jwt = a[0];
            Token token;
            Value.Obj header;
            byte[] payload;
            while (true) {
                token = split(fn, jwt);
                header = token.decodeHeader();
                Header h = Header.of(header);
                if (!h.valid()) return UNVERIFIED;
                if (!c.alg().isEmpty() && !c.alg().equals(h.alg())) return UNVERIFIED;
                byte[] sig = token.decodeSignature();
                if (!signatureVerifies(c, h, token.signingInput(), sig)) return UNVERIFIED;
                payload = token.decodePayload();
                if (!h.cty().equalsIgnoreCase("JWT")) break;
                jwt = Value.str(new String(payload, StandardCharsets.UTF_8)); // nested token: verify the inner one too
            }
            Value.Obj claims = jsonObject(payload);
            if (!c.iss().isEmpty() && !(claims.get("iss") instanceof Value.Str iss && iss.value().equals(c.iss()))) {
                return UNVERIFIED;
            }
            Value aud = claims.get("aud");
            if (aud != null ? !audienceMatches(aud, c.aud()) : !c.aud().isEmpty()) return UNVERIFIED;
            BigDecimal now = shortest(c.time() / 1e9);
            Value exp = claims.get("exp");
            if (exp != null) {
                if (!(exp instanceof Value.Num n)) throw new GoError("exp value must be a number");
                if (now.compareTo(n.value()) >= 0) return UNVERIFIED;
            }
            Value nbf = claims.get("nbf");
            if (nbf != null) {
                if (!(nbf instanceof Value.Num n)) throw new GoError("nbf value must be a number");
                if (now.compareTo(n.value()) < 0) return UNVERIFIED;
            }
            return Value.Arr.of(Value.TRUE, header, claims);
        });
    }

    private static Constraints constraints(Value.Obj o, long wallclockNanos) {
        List<TokenKeys.Key> keys = null;
        String secret = "", alg = "", iss = "", aud = "";
        double time = -1;
        for (Value k : o.keys()) {
            String name = k instanceof Value.Str s ? s.value() : String.valueOf(k);
            Value v = o.get(k);
            switch (name) {
                case "cert" -> {
                    if (!(v instanceof Value.Str s)) throw new GoError("cert constraint: must be a string");
                    keys = TokenKeys.parse(s.value());
                }
                case "secret" -> secret = constraintString(name, v);
                case "alg" -> alg = constraintString(name, v);
                case "iss" -> iss = constraintString(name, v);
                case "aud" -> aud = constraintString(name, v);
                case "time" -> time = timeConstraint(v);
                default -> throw new GoError("unknown token validation constraint: " + name);
            }
        }
        if (time == -1) time = timeConstraint(Value.num(wallclockNanos));
        int keySources = (keys != null ? 1 : 0) + (secret.isEmpty() ? 0 : 1);
        if (keySources > 1) throw new GoError("duplicate key constraints");
        if (keySources < 1) throw new GoError("no key constraint");
        return new Constraints(keys, secret, alg, iss, aud, time);
    }

    private static String constraintString(String name, Value v) {
        if (!(v instanceof Value.Str s)) throw new GoError(name + " constraint: must be a string");
        return s.value();
    }

    private static double timeConstraint(Value v) {
        if (!(v instanceof Value.Num n)) throw new GoError("token time constraint: must be a number");
        double d = n.value().doubleValue();
        if (Double.isInfinite(d)) throw new GoError("token time constraint: unvalid float64");
        if (d < 0) throw new GoError("token time constraint: must not be negative");
        return d;
    }

    /** Asymmetric keys are trusted alone when given; a key named by the token's kid is the only one tried. */
    private static boolean signatureVerifies(Constraints c, Header h, byte[] input, byte[] sig) {
        if (c.keys() != null) {
            if (!h.kid().isEmpty()) {
                for (TokenKeys.Key k : c.keys()) if (k.kid().equals(h.kid())) return Jws.verify(k, h.alg(), input, sig);
            }
            for (TokenKeys.Key k : c.keys()) {
                if (!k.alg().isEmpty() && !k.alg().equals(h.alg())) continue;
                if (Jws.verify(k, h.alg(), input, sig)) return true;
            }
            return false;
        }
        TokenKeys.Key secret = new TokenKeys.Key(null, c.secret().getBytes(StandardCharsets.UTF_8), false, "", "");
        return Jws.verify(secret, h.alg(), input, sig);
    }

    private static boolean audienceMatches(Value aud, String want) {
        if (aud instanceof Value.Str s) return s.value().equals(want);
        if (aud instanceof Value.Arr a) {
            for (Value e : a.elements()) if (e instanceof Value.Str s && s.value().equals(want)) return true;
        }
        return false;
    }

    /** Go's strconv.FormatFloat(f, 'g', -1, 64) as a decimal: the shortest digits that read back as f. */
    static BigDecimal shortest(double f) {
        BigDecimal exact = new BigDecimal(f);
        for (int p = 1; p < 17; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == f) return candidate;
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    // ------------------------------------------------------------------ signing

    private static Value sign(byte[] header, byte[] payload, String jwkText) {
        List<Jwk> keys = Jwk.parseSet(jwkText);
        if (keys.isEmpty()) throw new GoError("no keys found in JWK set");
        String alg;
        try {
            alg = JwsHeader.string(header, "alg");
        } catch (GoError e) {
            throw e.wrap("missing or invalid 'alg' header");
        }
        if (!Jws.ALGORITHMS.contains(alg)) throw new GoError("unknown JWS algorithm: " + alg);
        String typ;
        try {
            typ = JwsHeader.string(header, "typ");
        } catch (GoError e) {
            typ = null;
        }
        if ((typ == null || typ.equals("JWT")) && !GoJson.valid(payload)) {
            throw new GoError("type is JWT but payload is not JSON");
        }
        String input = GoBase64.encodeRawUrl(header) + "." + GoBase64.encodeRawUrl(payload);
        byte[] sig = Jws.sign(keys.get(0), alg, input.getBytes(StandardCharsets.UTF_8));
        return Value.str(input + "." + GoBase64.encodeRawUrl(sig));
    }

    private interface Body {
        Value run();
    }

    /** Runs a builtin body, reporting Go-style failures as eval_builtin_error with the builtin's name. */
    private static Value guarded(String fn, Body body) {
        try {
            return body.run();
        } catch (GoError e) {
            throw RegoError.builtin(fn, e.getMessage());
        }
    }
}
