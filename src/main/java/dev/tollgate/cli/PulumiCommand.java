package dev.tollgate.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.plan.PlanJson;
import dev.tollgate.policy.DecisionJson;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.pulumi.AnalyzerHandler;
import dev.tollgate.pulumi.AnalyzerPlugin;
import dev.tollgate.pulumi.AutomationUp;
import dev.tollgate.pulumi.PolicyPack;
import dev.tollgate.pulumi.PulumiException;
import dev.tollgate.pulumi.ProgramLoader;
import dev.tollgate.pulumi.PulumiExtractor;
import dev.tollgate.pulumi.PulumiProject;
import dev.tollgate.pulumi.StackBuild;
import dev.tollgate.pulumi.StackConfig;
import dev.tollgate.report.MarkdownReport;
import dev.tollgate.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tollgate pulumi}: Pulumi Java stacks, checked without the Pulumi CLI. */
@Command(name = "pulumi", mixinStandardHelpOptions = true,
        description = "Check Pulumi Java stacks without the Pulumi CLI.",
        subcommands = {PulumiCommand.Check.class, PulumiCommand.Up.class, PulumiCommand.Analyzer.class})
final class PulumiCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What check and up share: the stack, the policies to check it with, and how to build it. */
    static final class StackOptions {
        @Parameters(paramLabel = "DIR", description = "The stack folder (with Pulumi.yaml and pom.xml).")
        Path dir;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack (its config is Pulumi.NAME.yaml).")
        String stack;

        @Option(names = "--policies", defaultValue = "policies", paramLabel = "DIR",
                description = "Policy bundle folder (default: ${DEFAULT-VALUE}).")
        Path policies;

        @Option(names = "--config", paramLabel = "FILE", description = "tollgate.yaml (default: DIR/tollgate.yaml when present).")
        Path config;

        @Option(names = "--offline", description = "Build the stack with Maven offline (-o), from the local repository only.")
        boolean offline;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        /** A bad project or stack name fails before a possibly long build. */
        void validateStack() {
            StackConfig.load(PulumiProject.load(dir), stack);
        }

        PolicyConfig policyConfig() {
            return Policies.config(config, dir);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                    "Build the stack with its own pom.xml, run its program in-process under Pulumi's mocks with the "
                            + "stack's config (Pulumi.STACK.yaml), read what it registers as a plan, and check it "
                            + "against the policies. No Pulumi CLI needed.",
                    "The program is the stack's `public static void stack(com.pulumi.Context)` method (the one main hands "
                            + "to Pulumi.run). Exit code 0 allowed, 1 denied, 2 bad input."})
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Option(names = "--format", defaultValue = "text", converter = Format.Converter.class,
                description = "text, json (the decision), markdown, or plan-json (the extracted plan, unchecked; "
                        + "`tollgate check` reads it) (default: ${DEFAULT-VALUE}).")
        Format format;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        enum Format {
            text, json, markdown, plan_json;

            @Override
            public String toString() {
                return name().replace('_', '-');
            }

            static final class Converter implements picocli.CommandLine.ITypeConverter<Format> {
                @Override
                public Format convert(String value) {
                    for (var f : values()) if (f.toString().equals(value)) return f;
                    throw new picocli.CommandLine.TypeConversionException("'" + value
                            + "' is not a format (text, json, markdown, plan-json)");
                }
            }
        }

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            options.validateStack();
            var policyConfig = format == Format.plan_json ? null : options.policyConfig();
            var engine = format == Format.plan_json ? null : Policies.engine(options.policies);

            var extraction = extract(options.dir, options.stack, options.offline, err);
            var out = spec.commandLine().getOut();
            if (format == Format.plan_json) {
                out.println(PlanJson.toJson(extraction.plan()));
                out.flush();
                return Main.OK;
            }
            var decision = engine.check(PolicyEngine.Check.of(extraction.plan(), policyConfig));
            switch (format) {
                case json -> out.println(DecisionJson.write(decision));
                case markdown -> out.print(MarkdownReport.render(decision));
                default -> out.print(TextReport.render(decision));
            }
            out.flush();
            return decision.allowed() ? Main.OK : Main.DENIED;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {
                    "Preview the stack with the Pulumi CLI (Automation API), check the preview against the policies, and "
                            + "update only when it is allowed, applying exactly the checked plan.",
                    "Needs `pulumi` on PATH and a selected backend. Exit code 0 updated, 1 denied (nothing applied), 2 bad input."})
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** Where to look for {@code pulumi}; the environment's PATH unless a test says otherwise. */
        String searchPath = System.getenv("PATH");

        @Override
        public Integer call() {
            options.validateStack();
            AutomationUp.findPulumi(searchPath).orElseThrow(AutomationUp::noPulumi);
            var policyConfig = options.policyConfig();
            var engine = Policies.engine(options.policies);
            var build = StackBuild.standard(options.offline).classpath(options.dir);

            AutomationUp.Result result;
            try (var loader = ProgramLoader.isolated(build.classpath())) {
                result = AutomationUp.run(options.dir, options.stack, loader,
                        plan -> engine.check(PolicyEngine.Check.of(plan, policyConfig)));
            }
            var out = spec.commandLine().getOut();
            out.print(TextReport.render(result.decision()));
            if (result.update() == null) {
                out.println("Not updated: the preview was denied.");
                out.flush();
                return Main.DENIED;
            }
            out.println("Updated: " + result.update().get("result") + " " + result.update().get("changes"));
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "analyzer", hidden = true,
            description = "The analyzer plugin behind `pulumi-analyzer-policy-tollgate`: serves Pulumi's analyzer gRPC "
                    + "protocol for a policy pack with `runtime: tollgate` and prints its port on the first line of stdout.")
    static final class Analyzer implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENGINE", description = "The Pulumi engine's address (unused: Tollgate asks nothing of the engine).")
        String engine;

        @Parameters(index = "1", paramLabel = "PACK", description = "The policy pack folder.")
        Path pack;

        @Option(names = "--logtostderr", description = "Accepted for the Pulumi engine; logs go to stderr anyway.")
        boolean logToStderr;

        @Option(names = "-v", paramLabel = "N", description = "Accepted for the Pulumi engine.")
        String verbosity;

        @Option(names = "--tracing", paramLabel = "URL", description = "Accepted for the Pulumi engine.")
        String tracing;

        /** {@code -opt=val} plugin options the engine may append; none mean anything to Tollgate. */
        @picocli.CommandLine.Unmatched
        List<String> options;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            var pack = PolicyPack.load(this.pack);
            var policies = policies(this.pack);
            var engine = Policies.engine(policies);
            var params = engine.bundle().data().get("params") instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
            var handler = new AnalyzerHandler(pack, engine.bundle().policies(), params, Policies.config(null, this.pack),
                    (plan, config) -> engine.check(PolicyEngine.Check.of(plan, config)));

            var build = StackBuild.standard(false).classpath(this.pack);
            var loader = ProgramLoader.isolated(build.classpath());
            var server = AnalyzerPlugin.start(loader, handler);
            // The engine reads the port from the first line of stdout; everything else goes to stderr.
            var out = spec.commandLine().getOut();
            out.println(server.port());
            out.flush();
            err.println("tollgate: analyzer for policy pack " + pack.name() + " " + pack.version() + " with " + policies
                    + " on 127.0.0.1:" + server.port());
            err.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(server.stop()));
            server.await().run();
            return Main.OK;
        }

        /** The pack's own policies folder, else TOLLGATE_POLICIES (the launcher points it at the bundled policies). */
        static Path policies(Path pack) {
            var own = pack.resolve("policies");
            if (Files.isDirectory(own)) return own;
            var env = System.getenv("TOLLGATE_POLICIES");
            if (env != null && !env.isBlank()) return Path.of(env);
            throw new PulumiException(pack + " has no policies folder and TOLLGATE_POLICIES is not set");
        }
    }

    /** Builds the stack (or reuses its build) and runs its program isolated under mocks, saying what it did on stderr. */
    static PulumiExtractor.Extraction extract(Path dir, String stack, boolean offline, java.io.PrintWriter err) {
        var build = StackBuild.standard(offline).classpath(dir);
        err.println(build.reused()
                ? "tollgate: " + dir + " is built (" + StackBuild.CLASSPATH_FILE + " is current)"
                : "tollgate: built " + dir + " with Maven in " + build.elapsed().toMillis() + " ms");
        PulumiExtractor.Extraction extraction;
        try (var loader = ProgramLoader.isolated(build.classpath())) {
            extraction = PulumiExtractor.extract(dir, stack, loader);
        }
        err.println("tollgate: ran " + dir + " (stack " + stack + ") under mocks in "
                + extraction.run().elapsed().toMillis() + " ms: " + extraction.run().registrations().size() + " resources");
        err.flush();
        return extraction;
    }
}
