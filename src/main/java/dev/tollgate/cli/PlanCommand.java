package dev.tollgate.cli;

import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanGenerator;
import dev.tollgate.plan.PlanJson;
import dev.tollgate.plan.PlanReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tollgate plan}: look at plans the way Tollgate sees them. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Read plans into Tollgate's normalized model.",
        subcommands = {PlanCommand.Show.class, PlanCommand.Generate.class})
final class PlanCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the normalized model of a plan: counts by provider, kind, region and action, unknowns and notes "
                    + "(text), or the whole model as Tollgate plan JSON (json).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Terraform or Pulumi plan, state or export; - reads standard input.")
        Path file;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        enum Format { text, json }

        @Override
        public Integer call() {
            Plan plan = PlanReader.read(file);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(PlanJson.toJson(plan));
            } else {
                out.print(PlanText.render(plan));
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "generate", hidden = true, mixinStandardHelpOptions = true,
            description = "Write a large synthetic Terraform plan of AWS GPU clusters (for benchmarks).")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--resources", defaultValue = "15000", description = "How many resource changes (default: ${DEFAULT-VALUE}).")
        int resources;

        @Option(names = "--out", required = true, description = "Where to write the plan JSON.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (resources < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--resources must not be negative");
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                new PlanGenerator(seed).write(resources, o);
            }
            spec.commandLine().getOut().println("wrote " + resources + " resources to " + out + " (" + Files.size(out) / 1_000_000 + " MB)");
            return Main.OK;
        }
    }
}
