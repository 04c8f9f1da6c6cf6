package dev.tollgate.cli;

import dev.tollgate.plan.PlanJson;
import dev.tollgate.policy.DecisionJson;
import dev.tollgate.policy.PolicyEngine;
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

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tollgate pulumi}: Pulumi Java stacks, checked without the Pulumi CLI. */
@Command(name = "pulumi", mixinStandardHelpOptions = true,
        description = "Check Pulumi Java stacks without the Pulumi CLI.",
        subcommands = {PulumiCommand.Check.class})
final class PulumiCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                    "Build the stack with its own pom.xml, run its program in-process under Pulumi's mocks with the "
                            + "stack's config (Pulumi.STACK.yaml), read what it registers as a plan, and check it "
                            + "against the policies. No Pulumi CLI needed.",
                    "The program is the stack's `public static void stack(com.pulumi.Context)` method (the one main hands "
                            + "to Pulumi.run). Exit code 0 allowed, 1 denied, 2 bad input."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The stack folder (with Pulumi.yaml and pom.xml).")
        Path dir;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "Stack whose config to use (Pulumi.NAME.yaml).")
        String stack;

        @Option(names = "--policies", defaultValue = "policies", paramLabel = "DIR",
                description = "Policy bundle folder (default: ${DEFAULT-VALUE}).")
        Path policies;

        @Option(names = "--config", paramLabel = "FILE", description = "tollgate.yaml (default: DIR/tollgate.yaml when present).")
        Path config;

        @Option(names = "--format", defaultValue = "text", converter = Format.Converter.class,
                description = "text, json (the decision), markdown, or plan-json (the extracted plan, unchecked; "
                        + "`tollgate check` reads it) (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--offline", description = "Build the stack with Maven offline (-o), from the local repository only.")
        boolean offline;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

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
            // Bad project, stack, policies or config fail before a possibly long build.
            StackConfig.load(PulumiProject.load(dir), stack);
            var policyConfig = format == Format.plan_json ? null : Policies.config(config, dir);
            var engine = format == Format.plan_json ? null : Policies.engine(policies);

            var extraction = extract(dir, stack, offline, err);
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
