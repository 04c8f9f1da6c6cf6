package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Builtin;
import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.GoBase64;
import dev.tollgate.rego.builtin.crypto.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the builtins an admission policy runs on every request: verifying a bearer token
 * (HMAC and RSA against a PEM certificate), parsing and validating a GraphQL query against a schema,
 * parsing an X.509 certificate, and signing an AWS request.
 * Run: mvn -Pbench verify -DskipTests -Dbench.args="TokensAndSchemasBench -f 1 -wi 2 -i 3"
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokensAndSchemasBench {
    private final BuiltinContext ctx = BuiltinContext.standalone();
    private Builtin decodeVerify, verifyRs256, parseQuery, isValid, parseCertificates, signReq;
    private Value[] hsArgs, rsArgs, queryArgs, validArgs, certArgs, awsArgs;

    static final String SCHEMA = """
            type Query { cluster(id: ID!): Cluster clusters(region: String, first: Int = 10): [Cluster!]! }
            type Cluster { id: ID! region: String! gpus: [Gpu!]! costPerHour: Float }
            type Gpu { model: String! count: Int! }
            """;
    static final String QUERY = """
            query Budget($region: String) {
              clusters(region: $region, first: 50) { id region costPerHour gpus { model count } }
              one: cluster(id: "c-1") { id gpus { model } }
            }
            """;

    @Setup
    public void setup() throws Exception {
        BuiltinRegistry r = BuiltinRegistry.standard();
        decodeVerify = r.lookup("io.jwt.decode_verify").fn();
        verifyRs256 = r.lookup("io.jwt.verify_rs256").fn();
        parseQuery = r.lookup("graphql.parse_query").fn();
        isValid = r.lookup("graphql.is_valid").fn();
        parseCertificates = r.lookup("crypto.x509.parse_certificates").fn();
        signReq = r.lookup("providers.aws.sign_req").fn();

        Value claims = Value.Obj.builder().put("iss", Value.str("ci")).put("sub", Value.str("deployer"))
                .put("exp", Value.num(4_000_000_000L)).build();
        Value hsToken = r.lookup("io.jwt.encode_sign").fn().call(ctx, new Value[]{
                Value.Obj.builder().put("alg", Value.str("HS256")).build(), claims,
                Value.Obj.builder().put("kty", Value.str("oct")).put("k", Value.str("c2VjcmV0")).build()});
        hsArgs = new Value[]{hsToken, Value.Obj.builder().put("secret", Value.str("secret")).put("iss", Value.str("ci")).build()};

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        byte[] cert = new JcaX509v3CertificateBuilder(new X500Name("CN=issuer"), BigInteger.ONE, new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L), new X500Name("CN=issuer"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())).getEncoded();
        String input = GoBase64.encodeRawUrl("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + GoBase64.encodeRawUrl("{\"sub\":\"deployer\"}".getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(keys.getPrivate());
        s.update(input.getBytes(StandardCharsets.UTF_8));
        String rsToken = input + "." + GoBase64.encodeRawUrl(s.sign());
        rsArgs = new Value[]{Value.str(rsToken), Value.str(Pem.encode("CERTIFICATE", cert))};

        queryArgs = new Value[]{Value.str(QUERY)};
        validArgs = new Value[]{Value.str(QUERY), Value.str(SCHEMA)};
        certArgs = new Value[]{Value.str(Pem.encode("CERTIFICATE", cert))};
        awsArgs = new Value[]{
                Value.Obj.builder().put("method", Value.str("GET")).put("url", Value.str("https://s3.eu-central-1.amazonaws.com/models/llama.bin"))
                        .put("headers", Value.Obj.builder().put("x-amz-meta-team", Value.str("ml")).build()).build(),
                Value.Obj.builder().put("aws_access_key", Value.str("AKID")).put("aws_secret_access_key", Value.str("SECRET"))
                        .put("aws_region", Value.str("eu-central-1")).put("aws_service", Value.str("s3")).build(),
                Value.num(1_700_000_000_000_000_000L)};
    }

    @Benchmark
    public Value jwtDecodeVerifyHs256() { return decodeVerify.call(ctx, hsArgs); }

    @Benchmark
    public Value jwtVerifyRs256WithPemCertificate() { return verifyRs256.call(ctx, rsArgs); }

    @Benchmark
    public Value graphqlParseQuery() { return parseQuery.call(ctx, queryArgs); }

    @Benchmark
    public Value graphqlIsValid() { return isValid.call(ctx, validArgs); }

    @Benchmark
    public Value x509ParseCertificates() { return parseCertificates.call(ctx, certArgs); }

    @Benchmark
    public Value awsSignRequest() { return signReq.call(ctx, awsArgs); }
}
