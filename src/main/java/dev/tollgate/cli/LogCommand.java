package dev.tollgate.cli;

import dev.tollgate.server.DecisionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** {@code tollgate log verify}: checks the decision log's hash chain. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Work with the service's decision log.",
        subcommands = LogCommand.Verify.class)
final class LogCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that no decision was changed, removed or inserted since it was logged. Exit code 0 intact, 1 broken, 2 cannot read.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--db", paramLabel = "URL", defaultValue = "jdbc:sqlite:data/decisions.db",
                description = "The log's JDBC URL (default: ${DEFAULT-VALUE}, where tollgate serve writes it by default).")
        String url;

        @Option(names = "--user", description = "Database user (PostgreSQL).")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the database password.")
        String passwordEnv;

        @Option(names = "--verbose", description = "Print the stack trace of errors.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws SQLException {
            PrintWriter out = spec.commandLine().getOut();
            if (url.startsWith("jdbc:sqlite:")) {
                Path file = Path.of(url.substring("jdbc:sqlite:".length()).split("\\?")[0]);
                // Opening would create an empty log: a missing file is an error, not an empty chain.
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no decision log at " + file);
            }
            String password = passwordEnv == null ? null : System.getenv(passwordEnv);
            try (DecisionLog log = DecisionLog.open(url, user, password)) {
                DecisionLog.Verification v = log.verify();
                if (v.ok()) {
                    out.println("decision log " + url + ": " + v.records() + " records, chain intact, head "
                            + (v.records() == 0 ? "(empty)" : v.headHash()));
                    out.flush();
                    return Main.OK;
                }
                out.println("decision log " + url + ": BROKEN after " + v.records() + " intact records: " + v.problem());
                out.flush();
                return Main.DENIED;
            }
        }
    }
}
