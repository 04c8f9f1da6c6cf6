package dev.tollgate.pulumi.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.pulumi.Context;
import com.pulumi.exceptions.RunException;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.pulumi.MockRunner;
import dev.tollgate.pulumi.PulumiException;
import dev.tollgate.pulumi.PulumiExtractor;
import dev.tollgate.pulumi.StackConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The in-program gate, for stacks that carry Tollgate with them (tollgate.jar on the program's classpath):
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Pulumi.run(TollgateGate.around(App::stack));
 * }
 * }</pre>
 *
 * Whenever Pulumi runs the program (preview or update), the gate first runs the same program under Tollgate's mocks
 * with the same config, checks every resource it would register against the policies, and throws with the
 * violations if a mandatory one denies it. Only an allowed program goes on to register its resources, so a denied
 * stack fails its {@code pulumi preview} and {@code pulumi up} applies nothing.
 *
 * <p>Settings come from the environment: {@code TOLLGATE_POLICIES} (the policy folder, required) and
 * {@code TOLLGATE_CONFIG} (a tollgate.yaml; default: the program folder's when there is one). The config is the
 * stack's, as Pulumi hands it to the program ({@code PULUMI_CONFIG}, {@code PULUMI_CONFIG_SECRET_KEYS}).
 */
public final class TollgateGate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TollgateGate() {}

    /**
     * @param policies     the policy folder
     * @param tollgateYaml a tollgate.yaml, or null for the defaults
     * @param programDir   the program's folder, named in the plan
     * @param config       the stack's config by full key ({@code aws:region})
     * @param secretKeys   which of those are secrets
     */
    public record Settings(Path policies, Path tollgateYaml, Path programDir, Map<String, String> config, Set<String> secretKeys) {
        public Settings {
            config = Map.copyOf(config);
            secretKeys = Set.copyOf(secretKeys);
        }

        /** As a Pulumi language host runs the program: config in PULUMI_CONFIG, Tollgate's settings in TOLLGATE_*. */
        public static Settings fromEnvironment() {
            var policies = System.getenv("TOLLGATE_POLICIES");
            if (policies == null || policies.isBlank()) {
                throw new PulumiException("TollgateGate needs TOLLGATE_POLICIES, the folder of the policies to check with");
            }
            var dir = Path.of(System.getProperty("user.dir"));
            var yaml = System.getenv("TOLLGATE_CONFIG");
            var beside = dir.resolve("tollgate.yaml");
            return new Settings(Path.of(policies),
                    yaml != null && !yaml.isBlank() ? Path.of(yaml) : Files.isRegularFile(beside) ? beside : null,
                    dir, parseConfig(System.getenv("PULUMI_CONFIG")), parseSecretKeys(System.getenv("PULUMI_CONFIG_SECRET_KEYS")));
        }
    }

    public static Consumer<Context> around(Consumer<Context> program) {
        return around(program, null);
    }

    /** @param settings what to check with, or null to read them from the environment when the program runs */
    public static Consumer<Context> around(Consumer<Context> program, Settings settings) {
        return ctx -> {
            var s = settings != null ? settings : Settings.fromEnvironment();
            var decision = check(program, ctx.projectName(), ctx.stackName(), s);
            if (!decision.allowed()) throw new RunException(describe(decision));
            program.accept(ctx);
        };
    }

    /** Runs the program under mocks (on a thread of its own: Pulumi keeps the running deployment per thread) and checks it. */
    public static Decision check(Consumer<Context> program, String project, String stack, Settings settings) {
        var where = settings.programDir() + " (stack " + stack + ")";
        var start = System.nanoTime();
        var raw = new CompletableFuture<Map<String, Object>>();
        var thread = new Thread(() -> {
            try {
                raw.complete(MockPreview.run(project, stack, settings.config(), settings.secretKeys(), program));
            } catch (Throwable t) {
                raw.completeExceptionally(t);
            }
        }, "tollgate-gate");
        thread.start();
        Map<String, Object> recorded;
        try {
            recorded = raw.join();
        } catch (CompletionException e) {
            throw new PulumiException(where + ": the program failed under Tollgate's mocks: " + e.getCause(), e.getCause());
        }
        var run = MockRunner.read(recorded, where, Duration.ofNanos(System.nanoTime() - start));

        var shown = new LinkedHashMap<String, JsonNode>();
        settings.config().forEach((k, v) -> shown.put(k, TextNode.valueOf(
                settings.secretKeys().contains(k) ? StackConfig.SECRET_PLACEHOLDER : v)));
        var config = new StackConfig(stack, settings.config(), settings.secretKeys(), shown, List.of());
        var plan = PulumiExtractor.plan(settings.programDir(), config, run, null);

        var clock = Clock.systemUTC();
        var engine = PolicyEngine.embedded(PolicyBundle.load(settings.policies()), Catalogue.bundled(), clock, TIMEOUT);
        var policyConfig = settings.tollgateYaml() != null ? PolicyConfig.load(settings.tollgateYaml()) : PolicyConfig.defaults();
        return engine.check(PolicyEngine.Check.of(plan, policyConfig));
    }

    /** The denial as Pulumi shows a program error: one line per mandatory violation. */
    static String describe(Decision decision) {
        var denied = decision.violations().stream().filter(v -> v.outcome() == Decision.Outcome.DENY).toList();
        var text = new StringBuilder("Tollgate denied stack " + decision.stack().name() + ": " + denied.size()
                + " mandatory " + (denied.size() == 1 ? "violation" : "violations") + ", nothing was registered");
        for (var v : denied) text.append("\n  ").append(v.policy()).append(": ").append(v.message());
        return text.toString();
    }

    static Map<String, String> parseConfig(String json) {
        var out = new LinkedHashMap<String, String>();
        if (json == null || json.isBlank()) return out;
        try {
            JSON.readTree(json).fields().forEachRemaining(e ->
                    out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        } catch (JsonProcessingException e) {
            throw new PulumiException("PULUMI_CONFIG is not JSON: " + e.getOriginalMessage());
        }
        return out;
    }

    static Set<String> parseSecretKeys(String json) {
        var out = new LinkedHashSet<String>();
        if (json == null || json.isBlank()) return out;
        try {
            JSON.readTree(json).forEach(k -> out.add(k.asText()));
        } catch (JsonProcessingException e) {
            throw new PulumiException("PULUMI_CONFIG_SECRET_KEYS is not JSON: " + e.getOriginalMessage());
        }
        return out;
    }
}
