package dev.tollgate.cli;

import dev.tollgate.plan.PlanJson;
import dev.tollgate.pulumi.ProgramLoader;
import dev.tollgate.pulumi.PulumiExtractor;
import dev.tollgate.pulumi.PulumiProject;
import dev.tollgate.pulumi.StackBuild;
import dev.tollgate.pulumi.StackConfig;
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
                            + "stack's config (Pulumi.STACK.yaml), and read what it registers as a plan.",
                    "The program is the stack's `public static void stack(com.pulumi.Context)` method (the one main hands "
                            + "to Pulumi.run). Exit code 0 ok, 2 bad input."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The stack folder (with Pulumi.yaml and pom.xml).")
        Path dir;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "Stack whose config to use (Pulumi.NAME.yaml).")
        String stack;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        PlanCommand.Show.Format format;

        @Option(names = "--offline", description = "Build the stack with Maven offline (-o), from the local repository only.")
        boolean offline;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            // Bad project or stack names fail before a possibly long build.
            StackConfig.load(PulumiProject.load(dir), stack);
            var build = StackBuild.standard(offline).classpath(dir);
            err.println(build.reused()
                    ? "tollgate: " + dir + " is built (" + StackBuild.CLASSPATH_FILE + " is current)"
                    : "tollgate: built " + dir + " with Maven in " + build.elapsed().toMillis() + " ms");
            PulumiExtractor.Extraction extraction;
            try (var loader = ProgramLoader.isolated(build.classpath())) {
                extraction = PulumiExtractor.extract(dir, stack, loader);
            }
            err.println("tollgate: ran " + extraction.plan().source().file() + " (stack " + stack + ") under mocks in "
                    + extraction.run().elapsed().toMillis() + " ms: " + extraction.run().registrations().size() + " resources");
            err.flush();

            var out = spec.commandLine().getOut();
            if (format == PlanCommand.Show.Format.json) out.println(PlanJson.toJson(extraction.plan()));
            else out.print(PlanText.render(extraction.plan()));
            out.flush();
            return Main.OK;
        }
    }
}
