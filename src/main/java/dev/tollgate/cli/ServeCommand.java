package dev.tollgate.cli;

import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.server.ServerConfig;
import dev.tollgate.server.TollgateServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tollgate serve}: the evaluation service (CI admission webhook, decision log, OPA-compatible Data API and
 * bundle server) until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the evaluation service: POST /v1/evaluate and /v1/admission decide on plans, every decision is logged. "
                + "Settings come from the server: section of tollgate.yaml; see /openapi.json for the API.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "tollgate.yaml: the server: section configures the service, the rest is the policy config every request is checked with.")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default: server.listen, else 127.0.0.1:8181).")
    String listen;

    @Option(names = "--policies", paramLabel = "DIR", description = "Policy directory (default: server.policies, else ./policies).")
    Path policies;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig sc = config == null ? ServerConfig.defaults(Path.of("").toAbsolutePath()) : ServerConfig.load(config, System.getenv());
        PolicyConfig pc = config == null ? PolicyConfig.defaults() : PolicyConfig.load(config);
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("--listen: '" + listen + "' is not HOST:PORT");
            }
            sc = sc.listening(colon > 0 ? listen.substring(0, colon) : sc.host(), port);
        }
        if (policies != null) {
            sc = new ServerConfig(sc.host(), sc.port(), sc.dataDir(), policies, sc.dataDirs(), sc.catalogue(), sc.bodyLimit(),
                    sc.evalTimeout(), sc.tls(), sc.tokensFile(), sc.webhooks(), sc.signatureWindow(), sc.log(), sc.opa());
        }
        TollgateServer server = TollgateServer.start(sc, pc, System.getenv(), Clock.systemUTC(), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tollgate-shutdown"));
        stopped.await();
        return Main.OK;
    }
}
