package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.ConftestCheck;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.policy.PolicyException;
import dev.tollgate.report.JunitReport;
import dev.tollgate.report.MarkdownReport;
import dev.tollgate.report.SarifReport;
import dev.tollgate.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tollgate check PLAN...}: prices each plan, evaluates the guardrails under {@code policies/} and prints the
 * decision. Exit code 0 when every plan is allowed, 1 when a mandatory policy denies one, 2 on bad input.
 * {@code --raw} runs existing conftest policies against the raw plan JSON instead, unchanged.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check plans against the guardrail policies. Exit code 0 allowed, 1 denied by a mandatory policy, 2 bad input.")
final class CheckCommand implements Callable<Integer> {

    enum Format { text, json, markdown, sarif, junit }

    @Parameters(paramLabel = "PLAN", arity = "1..*", description = "Plan files (Terraform or Pulumi JSON); - reads standard input.")
    List<Path> plans;

    @Option(names = "--policies", paramLabel = "DIR", defaultValue = "policies", description = "Policy directory (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Option(names = "--data", paramLabel = "DIR", description = "Parameter directories to read instead of <policies>/data (repeatable).")
    List<Path> data = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "tollgate.yaml to use (default: tollgate.yaml next to each plan, if any).")
    Path config;

    @Option(names = "--usage", paramLabel = "FILE", description = "Usage file: node counts, hours, GB stored and sent, that a plan cannot know.")
    Path usage;

    @Option(names = "--catalogue", paramLabel = "DIR", description = "Catalogue directories layered over the bundled prices and facts (repeatable).")
    List<Path> catalogue = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "PLAN", description = "Plan to measure cost changes against (default: the plan's prior state).")
    Path baseline;

    @Option(names = "--format", defaultValue = "text", description = "text, json, markdown, sarif or junit (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--now", paramLabel = "TIME", description = "Decide as of this instant (ISO-8601, e.g. 2026-11-23T12:00:00Z): waiver expiry, catalogue age.")
    String now;

    @Option(names = "--raw", description = "Conftest compatibility: evaluate the policies against the raw plan JSON.")
    boolean raw;

    @Option(names = "--namespace", paramLabel = "PKG", description = "With --raw: packages to evaluate (repeatable, default: main).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Time limit per plan evaluation (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = clock();
        PolicyBundle bundle = PolicyBundle.load(policies, data.isEmpty() ? List.of(policies.resolve("data")) : data);
        if (raw) return conftest(bundle, clock, out);
        if (baseline != null && plans.size() > 1) throw new PolicyException("--baseline compares one plan; give one PLAN with it");

        // Read everything first: one unreadable plan is bad input, whatever the others would say.
        List<Read> read = new ArrayList<>();
        for (Path p : plans) read.add(read(p));
        Plan base = baseline == null ? null : read(baseline).plan();
        Usage usageFile = usage == null ? Usage.none() : Usage.read(usage);
        PolicyEngine engine = PolicyEngine.embedded(bundle, Catalogue.load(catalogue), clock, Duration.ofSeconds(timeoutSeconds));

        List<Decision> decisions = new ArrayList<>();
        for (Read r : read) {
            PolicyConfig cfg = config != null ? PolicyConfig.load(config) : PolicyConfig.beside(r.path());
            decisions.add(engine.check(new PolicyEngine.Check(r.plan(), r.sha256(), cfg, usageFile, base,
                    baseline == null ? null : baseline.toString())));
        }
        print(out, decisions, bundle);
        out.flush();
        return decisions.stream().allMatch(Decision::allowed) ? Main.OK : Main.DENIED;
    }

    private void print(PrintWriter out, List<Decision> decisions, PolicyBundle bundle) throws IOException {
        switch (format) {
            case text -> {
                for (int i = 0; i < decisions.size(); i++) {
                    if (i > 0) out.println();
                    out.print(TextReport.render(decisions.get(i)));
                }
            }
            case json -> {
                if (decisions.size() == 1) out.println(DecisionJson.write(decisions.get(0)));
                else out.println(DecisionJson.MAPPER.writeValueAsString(decisions));
            }
            case markdown -> decisions.forEach(d -> out.print(MarkdownReport.render(d)));
            case sarif -> out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(SarifReport.render(decisions, bundle.policies().values(), version())));
            case junit -> out.print(JunitReport.render(decisions));
        }
    }

    private int conftest(PolicyBundle bundle, Clock clock, PrintWriter out) throws IOException {
        List<String> ns = namespaces.isEmpty() ? List.of("main") : namespaces;
        ConftestCheck check = new ConftestCheck(bundle, ns, clock, Duration.ofSeconds(timeoutSeconds));
        List<ConftestCheck.Result> results = new ArrayList<>();
        for (Path p : plans) results.addAll(check.test(p.toString(), rawBytes(p)));
        if (format == Format.json) out.println(ConftestCheck.json(results));
        else if (format == Format.text) out.print(ConftestCheck.text(results));
        else throw new PolicyException("--raw prints text or json, as conftest does");
        out.flush();
        return results.stream().anyMatch(r -> !r.failures().isEmpty()) ? Main.DENIED : Main.OK;
    }

    /** A plan with the SHA-256 of its bytes, hashed while the reader streams it (one pass over a large plan). */
    record Read(Path path, Plan plan, String sha256) {}

    private static Read read(Path path) throws IOException {
        MessageDigest digest = sha256();
        String name = path.toString();
        if (name.equals("-")) {
            byte[] bytes = System.in.readAllBytes();
            return new Read(path, PlanReader.read(new ByteArrayInputStream(bytes), "-"), HexFormat.of().formatHex(digest.digest(bytes)));
        }
        try (InputStream in = new Drained(new DigestInputStream(Files.newInputStream(path), digest))) {
            Plan plan = PlanReader.read(in, name);
            in.close();
            return new Read(path, plan, HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchFileException e) {
            return new Read(path, PlanReader.read(path), null);  // the reader's own "no such file" error
        }
    }

    /** Reads to the end before closing, so the digest covers bytes the JSON parser had no need for. */
    private static final class Drained extends java.io.FilterInputStream {
        private boolean closed;

        Drained(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            in.transferTo(java.io.OutputStream.nullOutputStream());
            in.close();
        }
    }

    private static byte[] rawBytes(Path path) throws IOException {
        if (path.toString().equals("-")) return System.in.readAllBytes();
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new PolicyException(path + ": no such file");
        }
    }

    private Clock clock() {
        if (now == null) return Clock.systemUTC();
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PolicyException("--now: '" + now + "' is not an ISO-8601 instant such as 2026-11-23T12:00:00Z");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String version() {
        String v = CheckCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
