package dev.tollgate.cli;

import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.plan.Resource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code tollgate check PLAN...}: reads every plan and reports what it found. Policies plug in here; until a
 * policy denies something the answer is 0, and any plan that cannot be read is 2 with a one-line error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check plans against policies. Exit code 0 allowed, 1 denied, 2 bad input.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PLAN", arity = "1..*", description = "Plan files (Terraform or Pulumi JSON); - reads standard input.")
    List<Path> plans;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Read everything first: one unreadable plan means bad input, whatever the others say.
        List<Plan> read = plans.stream().map(PlanReader::read).toList();
        for (Plan plan : read) out.println(summary(plan));
        out.flush();
        return Main.OK;
    }

    static String summary(Plan plan) {
        TreeSet<String> regions = new TreeSet<>();
        long unknownRegions = 0;
        for (Resource r : plan.resources()) {
            if (r.location().known()) regions.add(r.location().region());
            else if (r.location().basis() == Location.Basis.UNKNOWN) unknownRegions++;
        }
        return plan.source().file() + ": " + plan.resources().size() + " resources"
                + (plan.resources().isEmpty() ? "" : " (" + PlanText.actions(plan) + ")")
                + ", regions " + (regions.isEmpty() ? "none" : String.join(" ", regions))
                + (unknownRegions > 0 ? ", " + unknownRegions + " with unknown region" : "");
    }
}
