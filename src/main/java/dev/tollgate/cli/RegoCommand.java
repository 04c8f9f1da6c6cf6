package dev.tollgate.cli;

import picocli.CommandLine.Command;

/** {@code tollgate rego ...}: the embedded Rego evaluator on its own, shaped like the opa CLI. */
@Command(name = "rego",
        mixinStandardHelpOptions = true,
        description = "Evaluate, test and check Rego policies with Tollgate's embedded evaluator.",
        subcommands = {RegoEvalCommand.class, RegoTestCommand.class, RegoConformanceCommand.class})
public final class RegoCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
