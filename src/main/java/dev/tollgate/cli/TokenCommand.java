package dev.tollgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tollgate token --name NAME --stack GLOB}: makes a new bearer token for the service and prints it once,
 * with the entry for the tokens file, which holds only its SHA-256.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Make a new bearer token for tollgate serve: prints the token (give it to the client) and the tokens-file entry (its SHA-256).")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, description = "Who the token is for; the decision log records it as the caller.")
    String name;

    @Option(names = "--stack", paramLabel = "GLOB", required = true, description = "Stacks the token may use (repeatable; * for all).")
    List<String> stacks;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = "tg_" + HexFormat.of().formatHex(secret);
        String hash = HexFormat.of().formatHex(dev.tollgate.server.Tokens.sha256(token));
        PrintWriter out = spec.commandLine().getOut();
        out.println("token: " + token);
        out.println("# tokens file entry (the token itself is not stored):");
        out.println("  - name: " + name);
        out.println("    sha256: " + hash);
        out.println("    stacks: [" + String.join(", ", stacks.stream().map(s -> "\"" + s + "\"").toList()) + "]");
        out.flush();
        return Main.OK;
    }
}
