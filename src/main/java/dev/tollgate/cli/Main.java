package dev.tollgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tollgate} command. Exit codes are fixed for every subcommand:
 * 0 allowed/ok, 1 denied by a mandatory policy (or failed tests), 2 bad usage or bad input.
 */
@Command(name = "tollgate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Policy-as-code guardrails for AI infrastructure: cost ceilings, data residency and sovereign placement.",
        subcommands = {
                CommandLine.HelpCommand.class,
                PlanCommand.class,
                CheckCommand.class,
                RegoCommand.class,
                FactsCommand.class,
                CostCommand.class,
                PulumiCommand.class,
                ServeCommand.class,
                LogCommand.class,
                TokenCommand.class,
                ReviewCommand.class,
        })
public final class Main implements Runnable {

    public static final int OK = 0;
    public static final int DENIED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, for tests and embedding. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tollgate: " + ex.getMessage());
            return BAD_INPUT;
        });
        return cl;
    }

    /** Turns exceptions into a one-line error and exit code 2; the stack trace only with --verbose or TOLLGATE_VERBOSE. */
    static final class Errors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            cl.getErr().println("tollgate: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (verbose(parsed)) ex.printStackTrace(cl.getErr());
            return BAD_INPUT;
        }

        private static boolean verbose(CommandLine.ParseResult parsed) {
            if (System.getenv("TOLLGATE_VERBOSE") != null) return true;
            for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                if (p.hasMatchedOption("--verbose")) return true;
            }
            return false;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"tollgate " + (v != null ? v : "dev")};
        }
    }
}
