package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.Estimator;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.KindCatalog;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanJson;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Tags;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Checks plans against the policy bundle: estimates cost and carbon, builds the policy input, evaluates the
 * guardrails, applies enforcement levels, indeterminate handling and waivers, and returns the {@link Decision}.
 * One engine serves many checks (the CLI's plans, the service's requests); it is thread-safe.
 */
public final class PolicyEngine {

    private final PolicyBundle bundle;
    private final RegionIndex regions;
    private final Clock clock;
    private final Function<ObjectNode, Evaluator> compile;
    /** Evaluators by the hash of the data they were compiled with: configs that set no params share one. */
    private final Map<String, Evaluator> evaluators = new ConcurrentHashMap<>();

    public PolicyEngine(PolicyBundle bundle, Catalogue catalogue, Clock clock, Function<ObjectNode, Evaluator> compile) {
        this.bundle = bundle;
        this.regions = new RegionIndex(catalogue);
        this.clock = clock;
        this.compile = compile;
        bundle.policies();  // fail now, not on the first plan, when METADATA is inconsistent
    }

    /** The engine on the embedded Rego evaluator, with a time limit per evaluation. */
    public static PolicyEngine embedded(PolicyBundle bundle, Catalogue catalogue, Clock clock, Duration timeout) {
        return new PolicyEngine(bundle, catalogue, clock, data -> new RegoEvaluator(bundle, data, clock, timeout));
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    /**
     * One plan to check.
     *
     * @param planSha256   SHA-256 of the plan file's bytes, or null when not read from a file
     * @param baseline     the plan to measure cost changes against; null to use the plan's own prior state
     * @param baselineFile its file, for the record
     */
    public record Check(Plan plan, String planSha256, PolicyConfig config, Usage usage, Plan baseline, String baselineFile) {
        public static Check of(Plan plan, PolicyConfig config) {
            return new Check(plan, null, config, Usage.none(), null, null);
        }
    }

    /** What the guardrails see for a check, with the estimate it was built from. */
    public record Prepared(Check check, Instant now, PolicyInput input, Estimate estimate, CompletableFuture<String> planHash) {}

    /**
     * Hashing a large plan's canonical form takes as long as evaluating a policy package, and needs nothing the
     * evaluation produces: it runs beside it on daemon threads.
     */
    private static final Executor HASHING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tollgate-plan-hash");
        t.setDaemon(true);
        return t;
    });

    public Prepared prepare(Check c) {
        Instant now = clock.instant();
        CompletableFuture<String> planHash = CompletableFuture.supplyAsync(() -> Canonical.sha256(canonicalPlan(c.plan())), HASHING);
        Estimator estimator = new Estimator(regions.catalogue(), c.usage(), clock, Catalogue.DEFAULT_MAX_AGE);
        Estimate estimate = estimator.estimate(c.plan());
        PolicyInput.Baseline baseline = c.baseline() != null
                ? new PolicyInput.Baseline("plan", c.baselineFile(), c.baseline(), estimator.estimate(c.baseline()))
                : priorState(c.plan(), estimator);
        return new Prepared(c, now, PolicyInput.build(c.plan(), estimate, baseline, regions, c.usage(), c.config(), now), estimate, planHash);
    }

    public Decision check(Check c) {
        return decide(prepare(c));
    }

    public Decision decide(Prepared p) {
        List<Finding> findings = evaluator(p.check().config()).evaluate(p.input().document());
        PolicyConfig config = p.check().config();
        PolicyInput.StackName stack = p.input().stack();
        Enforcer.Result result = new Enforcer(bundle.policies(), config, p.now()).apply(findings, stack.name(), stack.environment());
        return assemble(p, result);
    }

    private Evaluator evaluator(PolicyConfig config) {
        String key = config.params().isEmpty() ? "" : Canonical.sha256(config.params());
        return evaluators.computeIfAbsent(key, k -> compile.apply(data(config)));
    }

    /** The bundle's data with the config's {@code params} merged over {@code data.params}: what the policies see as {@code data}. */
    public ObjectNode data(PolicyConfig config) {
        ObjectNode data = bundle.data().deepCopy();
        if (!config.params().isEmpty()) {
            JsonNode params = data.get("params");
            ObjectNode target = params != null && params.isObject() ? (ObjectNode) params : data.putObject("params");
            overlay(target, config.params());
        }
        return data;
    }

    private static void overlay(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) overlay((ObjectNode) existing, e.getValue());
            else into.set(e.getKey(), e.getValue().deepCopy());
        });
    }

    /**
     * The plan's own before-values as a plan: what runs today, for plans (Terraform) that carry it. Resources being
     * created have none, so a plan of new infrastructure is measured against nothing.
     */
    static PolicyInput.Baseline priorState(Plan plan, Estimator estimator) {
        List<Resource> before = plan.resources().stream()
                .filter(r -> r.mode() == Resource.Mode.MANAGED && r.before() != null && !r.before().isNull())
                .map(r -> new Resource(r.address(), r.name(), r.mode(), r.provider(), r.type(),
                        KindCatalog.standard().kindOf(r.type(), r.before()), Resource.Action.NO_OP, r.location(),
                        r.before(), r.before(), Set.of(), r.sensitivePaths(), Tags.of(r.provider(), r.before()),
                        r.module(), r.providerConfig()))
                .toList();
        Plan prior = new Plan(plan.source(), plan.stack(), before, plan.edges(), Map.of(), Map.of(), List.of(), List.of());
        return new PolicyInput.Baseline("prior_state", null, prior, estimator.estimate(prior));
    }

    private Decision assemble(Prepared p, Enforcer.Result result) {
        Check c = p.check();
        PolicyInput input = p.input();
        String planHash = p.planHash().join();
        String id = "dec-" + HexFormat.of().formatHex(PolicyBundle.sha256().digest(
                (planHash + "\n" + bundle.revision() + "\n" + c.config().sha256() + "\n" + p.now()).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        String format = c.plan().source().format().name().toLowerCase(Locale.ROOT);
        Decision.Stack stack = new Decision.Stack(input.stack().name(), input.stack().basis(), input.stack().environment(),
                c.plan().source().tool().name().toLowerCase(Locale.ROOT), format, c.plan().source().file());
        Decision.Inputs inputs = new Decision.Inputs(
                new Decision.Digest(c.plan().source().file(), format, planHash, c.planSha256()),
                c.baseline() == null ? null : new Decision.Digest(c.baselineFile(),
                        c.baseline().source().format().name().toLowerCase(Locale.ROOT), Canonical.sha256(canonicalPlan(c.baseline())), null),
                c.usage() == Usage.none() ? null : new Decision.Digest(c.usage().file(), "usage", null, fileHash(c.usage().file())),
                c.config().file() == null ? null : new Decision.Digest(c.config().file(), "tollgate.yaml", null, c.config().sha256()));

        Totals.Sum all = input.totals();
        Totals.Sum base = input.baseline();
        Decision.Totals totals = new Decision.Totals(all.monthly, all.hourly, base.monthly, all.monthly.subtract(base.monthly),
                all.carbon, all.gpus, all.gpuHours, all.resources, all.unpriced);

        return new Decision(id, p.now().toString(), result.allowed() ? Decision.Verdict.ALLOW : Decision.Verdict.DENY,
                result.allowed(), stack, inputs,
                new Decision.Policies(bundle.revision(), bundle.dir().toString(), result.levels()),
                new java.util.TreeMap<>(input.asOf()), result.summary(), result.violations(), result.waivers(), totals);
    }

    /** The plan as the Tollgate model's JSON, without where it was read from: the same plan hashes the same anywhere. */
    private static JsonNode canonicalPlan(Plan plan) {
        ObjectNode tree = PlanJson.toTree(plan);
        JsonNode source = tree.get("source");
        if (source instanceof ObjectNode s) s.remove("file");
        return tree;
    }

    /** SHA-256 of a file's bytes; null when the input did not come from a file (a service request body). */
    private static String fileHash(String file) {
        if (file == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) return null;
        try {
            return HexFormat.of().formatHex(PolicyBundle.sha256().digest(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file))));
        } catch (java.io.IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
