package dev.tollgate.server;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.plan.PlanGenerator;
import dev.tollgate.policy.PolicyConfig;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the evaluation service: an open-loop client on loopback sends {@code POST /v1/evaluate} at a fixed rate
 * (100 requests/s for 60 s by default) with generated Terraform plans of 500 resources, and reports p50/p99 latency
 * and errors. Latency is measured from when each request was due, not when it was sent, so a server that falls
 * behind is charged for the queue it builds. The client is bounded: past {@code --max-in-flight} outstanding requests
 * a due request is not sent and counts as dropped, so an overloaded server cannot pile up unbounded work.
 * <p>
 * Not a JMH benchmark but a main class on the bench classpath:
 * {@code mvn -Pbench verify -Dbench.main=dev.tollgate.server.LoadBench -Dbench.args='--rate 100 --seconds 60'}.
 * Options: {@code --rate N --seconds N --warmup N --resources N --plans N --max-in-flight N --url URL} (an external
 * service instead of one started in this JVM; it must serve without a token).
 */
public final class LoadBench {

    record Options(int rate, int seconds, int warmup, int resources, int plans, int maxInFlight, String url) {
        static Options parse(String[] args) {
            Map<String, String> o = new java.util.HashMap<>(Map.of("--rate", "100", "--seconds", "60", "--warmup", "15",
                    "--resources", "500", "--plans", "8", "--max-in-flight", "64"));
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!o.containsKey(args[i]) && !args[i].equals("--url")) throw new IllegalArgumentException("unknown option " + args[i]);
                o.put(args[i], args[i + 1]);
            }
            return new Options(Integer.parseInt(o.get("--rate")), Integer.parseInt(o.get("--seconds")), Integer.parseInt(o.get("--warmup")),
                    Integer.parseInt(o.get("--resources")), Integer.parseInt(o.get("--plans")), Integer.parseInt(o.get("--max-in-flight")),
                    o.get("--url"));
        }
    }

    record Result(int due, int ok, int failed, int dropped, long[] latenciesNanos, double seconds) {
        double percentileMs(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            int i = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(i, latenciesNanos.length - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path work = Files.createTempDirectory("tollgate-load");
        TollgateServer server = null;
        URI base;
        if (o.url() == null) {
            String yaml = "listen: 127.0.0.1:0\npolicies: " + Path.of("policies").toAbsolutePath() + "\ndata_dir: " + work.resolve("data") + "\n";
            ServerConfig sc = ServerConfig.parse("(load bench)", new YAMLMapper().readTree(yaml), work, Map.of());
            server = TollgateServer.start(sc, PolicyConfig.defaults(), Map.of(), Clock.systemUTC(), System.out);
            base = server.uri();
        } else {
            base = URI.create(o.url());
        }
        byte[][] plans = new byte[o.plans()][];
        for (int i = 0; i < plans.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PlanGenerator(1000 + i).write(o.resources(), out);
            plans[i] = out.toByteArray();
        }
        ExecutorService io = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            System.out.printf("load: %d req/s for %d s (after %d s warm-up), %d-resource plans (%.1f MB), %d processors, %s%n",
                    o.rate(), o.seconds(), o.warmup(), o.resources(), plans[0].length / 1e6, Runtime.getRuntime().availableProcessors(),
                    server != null ? "service in this JVM" : "service at " + base);
            if (o.warmup() > 0) run(http, base, plans, o, o.warmup());
            Result r = run(http, base, plans, o, o.seconds());
            System.out.printf("due %d, ok %d, errors %d, dropped at the client bound (%d in flight) %d%n",
                    r.due(), r.ok(), r.failed(), o.maxInFlight(), r.dropped());
            System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f; answered %.1f req/s%n",
                    r.percentileMs(50), r.percentileMs(90), r.percentileMs(99), r.percentileMs(100), r.ok() / r.seconds());
        } finally {
            io.shutdownNow();
            if (server != null) server.close();
        }
    }

    private static Result run(HttpClient http, URI base, byte[][] plans, Options o, int seconds) throws InterruptedException {
        int total = o.rate() * seconds;
        long period = 1_000_000_000L / o.rate();
        long[] latencies = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= total) return;
            long due = start + i * period;
            if (inFlight.get() >= o.maxInFlight()) {
                dropped.incrementAndGet();
                done.countDown();
                return;
            }
            inFlight.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/evaluate?stack=load-" + (i % plans.length)))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(plans[i % plans.length])).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long now = System.nanoTime();
                if (e == null && r.statusCode() == 200) {
                    ok.incrementAndGet();
                    latencies[recorded.getAndIncrement()] = now - due;
                } else {
                    failed.incrementAndGet();
                }
                lastDone.accumulateAndGet(now, Math::max);
                inFlight.decrementAndGet();
                done.countDown();
            });
        }, 0, period, TimeUnit.NANOSECONDS);
        boolean finished = done.await(seconds + 120L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        if (!finished) System.out.println("load: gave up waiting for " + done.getCount() + " answers");
        long[] sorted = Arrays.copyOf(latencies, recorded.get());
        Arrays.sort(sorted);
        double elapsed = (Math.max(lastDone.get(), start + (long) seconds * 1_000_000_000L) - start) / 1e9;
        return new Result(total, ok.get(), failed.get(), dropped.get(), sorted, elapsed);
    }

    private LoadBench() {}

}
