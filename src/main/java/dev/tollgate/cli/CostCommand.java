package dev.tollgate.cli;

import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.Estimator;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code tollgate cost PLAN}: hourly and monthly cost and carbon of every resource, from the facts catalogue and an
 * optional usage file. A month is 730 hours. Unpriced resources are listed with the reason, never guessed.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Estimate the monthly cost and carbon of a plan (USD, 730-hour month). Exit code 0, or 2 on bad input.")
final class CostCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PLAN", description = "Terraform or Pulumi plan, state or export; - reads standard input.")
    Path plan;

    @Option(names = "--usage", paramLabel = "FILE", description = "Usage file (YAML): hours, node counts, GB stored and sent, price models.")
    Path usage;

    @Option(names = "--baseline", paramLabel = "PLAN", description = "Prior plan or state to diff the monthly cost against.")
    Path baseline;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @CommandLine.Mixin
    FactsCommand.CatalogueOptions catalogue;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    enum Format { table, json }

    @Override
    public Integer call() throws Exception {
        // Read every input before estimating, so any bad one fails fast with its own message.
        Plan current = PlanReader.read(plan);
        Plan prior = baseline == null ? null : PlanReader.read(baseline);
        Usage u = usage == null ? Usage.none() : Usage.read(usage);
        Estimator estimator = new Estimator(catalogue.load(), u, clock, catalogue.maxAge());
        Estimate estimate = estimator.estimate(current, prior);

        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(CostText.JSON.writeValueAsString(estimate.toJson()));
        } else {
            out.print(CostText.table(current, estimate));
        }
        out.flush();
        return Main.OK;
    }
}
