package dev.tollgate.cli;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Source;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyException;
import dev.tollgate.pulumi.ProgramLoader;
import dev.tollgate.pulumi.PulumiExtractor;
import dev.tollgate.pulumi.StackBuild;
import dev.tollgate.report.GitRefs;
import dev.tollgate.report.PlanFile;
import dev.tollgate.report.PlanSet;
import dev.tollgate.report.PolicyFiles;
import dev.tollgate.report.Review;
import dev.tollgate.report.ReviewReports;
import dev.tollgate.report.ReviewReports.Format;
import dev.tollgate.report.Reviewer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code tollgate review}: what a pull request does to infrastructure and guardrails, from plans of base and head
 * ({@code --base}/{@code --head}) or from two commits of the repository ({@code --git}). Exit code 0 when head is
 * allowed, 1 when a mandatory policy denies a stack at head (see {@code --fail-on}), 2 on bad input.
 */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Review a change: per stack, resources added/changed/removed, monthly cost before and after, "
                + "violations new/fixed/unchanged and waivers about to expire; when policies differ, every plan under "
                + "both policy versions and the stacks whose verdict changes.",
                "Exit code 0 allowed, 1 denied by a mandatory policy, 2 bad input."})
final class ReviewCommand implements Callable<Integer> {

    static final List<String> GIT_PLAN_DIRS = List.of("stacks", "examples");

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false)
        Plans plans;

        @Option(names = "--git", paramLabel = "BASE..HEAD", required = true,
                description = "Review two commits of the repository: its policies/, the plans under stacks/ and examples/. "
                        + "BASE...HEAD compares HEAD with its merge base. The work tree is not touched.")
        String git;
    }

    static final class Plans {
        @Option(names = "--base", paramLabel = "PLAN|DIR", required = true, description = "Plans before the change: a plan file or a directory of plans, one per stack.")
        Path base;

        @Option(names = "--head", paramLabel = "PLAN|DIR", required = true, description = "Plans after the change, matched to --base by relative path, else by stack name.")
        Path head;
    }

    @Option(names = "--policies", paramLabel = "DIR", defaultValue = "policies",
            description = "Policies for head (with --git: their path in the repository) (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Option(names = "--data", paramLabel = "DIR", description = "Parameter directories for head instead of <policies>/data (repeatable).")
    List<Path> data = new ArrayList<>();

    @Option(names = "--base-policies", paramLabel = "DIR", description = "Policies for base (default: the head policies).")
    Path basePolicies;

    @Option(names = "--base-data", paramLabel = "DIR",
            description = "Parameter directories for base (default: <base-policies>/data, or the head data when --base-policies is not given).")
    List<Path> baseData = new ArrayList<>();

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "With --git: the repository (default: the current directory).")
    Path repo;

    @Option(names = "--build-stacks", description = "With --git: build the Pulumi Java stacks under stacks/ with Maven and run them under mocks, once per Pulumi.<stack>.yaml.")
    boolean buildStacks;

    @Option(names = "--offline", description = "With --build-stacks: Maven offline (-o).")
    boolean offline;

    @Option(names = "--config", paramLabel = "FILE", description = "tollgate.yaml for every plan (default: the tollgate.yaml beside each plan, if any).")
    Path config;

    @Option(names = "--usage", paramLabel = "FILE", description = "Usage file: node counts, hours, GB stored and sent, that a plan cannot know.")
    Path usage;

    @Option(names = "--catalogue", paramLabel = "DIR", description = "Catalogue directories layered over the bundled prices and facts (repeatable).")
    List<Path> catalogue = new ArrayList<>();

    @Option(names = "--format", defaultValue = "markdown", converter = FormatConverter.class,
            description = "markdown (the PR comment), json, sarif or junit (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;

    @Option(names = "--report", paramLabel = "FORMAT:FILE", converter = ReportConverter.class,
            description = "Also write the review in another format, from the same evaluation (repeatable), e.g. --report sarif:tollgate.sarif.")
    List<Report> reports = new ArrayList<>();

    @Option(names = "--fail-on", defaultValue = "any", paramLabel = "WHEN", converter = FailOnConverter.class,
            description = "Exit 1 when head has any mandatory denial (any), only when the change brings a new one (new), or never (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Option(names = "--now", paramLabel = "TIME", description = "Decide as of this instant (ISO-8601): waiver expiry, catalogue age.")
    String now;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Time limit per plan evaluation (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "Print the stack trace of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    enum FailOn { ANY, NEW, NEVER }

    record Report(Format format, Path file) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = clock();
        Usage usageFile = usage == null ? Usage.none() : Usage.read(usage);
        PolicyConfig shared = config == null ? null : PolicyConfig.load(config);
        Reviewer reviewer = new Reviewer(Catalogue.load(catalogue), usageFile, shared, clock, Duration.ofSeconds(timeoutSeconds));
        Progress progress = Progress.choose(err);

        if (mode.git != null) {
            if (basePolicies != null || !baseData.isEmpty() || !data.isEmpty()) {
                throw new PolicyException("--git reads policies and their data from each commit; --base-policies, --base-data and --data go with --base/--head");
            }
            Path tmp = Files.createTempDirectory("tollgate-review");
            try {
                return git(reviewer, progress, tmp, err);
            } finally {
                delete(tmp);
            }
        }
        if (buildStacks) throw new PolicyException("--build-stacks goes with --git (with --base/--head, build the plans first)");
        List<String> notes = new ArrayList<>();
        Reviewer.Side base = planSide(mode.plans.base, basePolicies(), baseData(), notes);
        Reviewer.Side head = planSide(mode.plans.head, policies, headData(), notes);
        requirePlans(base, head);
        return finish(reviewer.review(base, head, List.copyOf(new LinkedHashSet<>(notes)), progress), head.bundle());
    }

    private Path basePolicies() {
        return basePolicies != null ? basePolicies : policies;
    }

    private List<Path> baseData() {
        if (!baseData.isEmpty()) return baseData;
        if (basePolicies != null) return List.of(basePolicies.resolve("data"));
        return headData();
    }

    private List<Path> headData() {
        return data.isEmpty() ? List.of(policies.resolve("data")) : data;
    }

    private Reviewer.Side planSide(Path plans, Path policyDir, List<Path> dataDirs, List<String> notes) {
        PlanSet.Found found = PlanSet.read(plans, plans.toString());
        notes.addAll(found.skipped());
        PolicyBundle bundle = PolicyBundle.load(policyDir, dataDirs);
        return new Reviewer.Side(null, plans.toString(), Files.isRegularFile(plans), policyDir.toString(), bundle,
                PolicyFiles.hashes(policyDir, dataDirs), found.plans());
    }

    private static void requirePlans(Reviewer.Side base, Reviewer.Side head) {
        if (base.plans().isEmpty() && head.plans().isEmpty()) {
            throw new PolicyException("no plans found in " + base.plansLabel() + " or " + head.plansLabel()
                    + " (plan files are .json: terraform show -json, pulumi preview --json, ...)");
        }
    }

    // ------------------------------------------------------------------------------------------------ --git

    private int git(Reviewer reviewer, Progress progress, Path tmp, PrintWriter err) throws IOException {
        GitRefs git = GitRefs.at(repo);
        GitRefs.Range range = git.range(mode.git);
        String policyPath = policies.toString().replace('\\', '/');
        List<String> paths = new ArrayList<>(List.of(policyPath));
        paths.addAll(GIT_PLAN_DIRS);
        List<String> notes = new ArrayList<>();
        Built built = new Built(new HashMap<>(), new HashMap<>());
        // Head first: a Pulumi stack whose program did not change is built once; one whose config did not either runs once.
        Reviewer.Side head = gitSide(git, range.head(), paths, tmp.resolve("head"), notes, built, err);
        Reviewer.Side base = gitSide(git, range.base(), paths, tmp.resolve("base"), notes, built, err);
        requirePlans(base, head);
        return finish(reviewer.review(base, head, List.copyOf(new LinkedHashSet<>(notes)), progress), head.bundle());
    }

    private Reviewer.Side gitSide(GitRefs git, String commit, List<String> paths, Path dir, List<String> notes,
                                  Built built, PrintWriter err) throws IOException {
        Files.createDirectories(dir);
        notes.addAll(git.extract(commit, paths, dir));
        Path policyDir = dir.resolve(policies);
        if (!Files.isDirectory(policyDir)) {
            throw new PolicyException("commit " + commit.substring(0, 12) + " has no " + policies + "/ directory (pass --policies PATH)");
        }
        List<Path> dataDirs = List.of(policyDir.resolve("data"));
        PolicyBundle bundle = PolicyBundle.load(policyDir, dataDirs);
        List<PlanFile> plans = new ArrayList<>();
        for (String sub : GIT_PLAN_DIRS) {
            Path root = dir.resolve(sub);
            if (!Files.isDirectory(root)) continue;
            PlanSet.Found found = PlanSet.read(root, sub);
            found.plans().forEach(p -> plans.add(new PlanFile(sub + "/" + p.key(), p.path(), p.display(), p.plan(), p.sha256())));
            notes.addAll(found.skipped());
            plans.addAll(pulumiStacks(root, sub, notes, built, err));
        }
        return new Reviewer.Side(commit, String.join(", ", GIT_PLAN_DIRS), false, policies.toString(), bundle,
                PolicyFiles.hashes(policyDir, dataDirs), plans);
    }

    /**
     * What --build-stacks has done for a review: classpaths by a digest of the program (pom.xml and src/), plans by a
     * digest of the program, Pulumi.yaml and the stack's config.
     */
    record Built(Map<String, List<Path>> classpaths, Map<String, Plan> plans) {}

    /** Pulumi Java programs (a Pulumi.yaml with a pom.xml): built and run under mocks with --build-stacks, else noted. */
    private List<PlanFile> pulumiStacks(Path root, String sub, List<String> notes, Built built, PrintWriter err) throws IOException {
        List<PlanFile> out = new ArrayList<>();
        List<Path> projects;
        try (Stream<Path> walk = Files.walk(root)) {
            projects = walk.filter(p -> p.getFileName().toString().equals("Pulumi.yaml"))
                    .filter(p -> Files.isRegularFile(p.resolveSibling("pom.xml"))).map(Path::getParent).sorted().toList();
        }
        for (Path project : projects) {
            String display = sub + "/" + root.relativize(project).toString().replace('\\', '/');
            if (!buildStacks) {
                notes.add(display + ": Pulumi Java program, not evaluated (pass --build-stacks to build it with Maven and run it under mocks)");
                continue;
            }
            String program = digest(project, f -> f.equals(Path.of("pom.xml")) || f.startsWith("src"));
            for (String stack : stackNames(project)) {
                // A run depends on the program, the project file and this stack's config, nothing else.
                String digest = digest(project, f -> f.equals(Path.of("pom.xml")) || f.startsWith("src")
                        || f.equals(Path.of("Pulumi.yaml")) || f.equals(Path.of("Pulumi." + stack + ".yaml")));
                Plan plan = built.plans().get(digest + " " + stack);
                if (plan == null) {
                    List<Path> classpath = built.classpaths().get(program);
                    if (classpath == null) {
                        var build = StackBuild.standard(offline).classpath(project);
                        classpath = build.classpath();
                        built.classpaths().put(program, classpath);
                        err.println("tollgate: review: built " + display + " with Maven in " + build.elapsed().toMillis() + " ms");
                    }
                    try (var loader = ProgramLoader.isolated(classpath)) {
                        plan = PulumiExtractor.extract(project, stack, loader).plan();
                    }
                    err.println("tollgate: review: ran " + display + " (stack " + stack + ") under mocks: " + plan.resources().size() + " resources");
                    err.flush();
                    built.plans().put(digest + " " + stack, plan);
                }
                Source s = plan.source();
                Plan named = new Plan(new Source(s.tool(), s.format(), s.toolVersion(), s.formatVersion(), display),
                        plan.stack(), plan.resources(), plan.edges(), plan.variables(), plan.outputs(), plan.unknowns(), plan.notes());
                out.add(new PlanFile(display + "#" + stack, project.resolve("Pulumi.yaml"), display, named, digest));
            }
        }
        return out;
    }

    private static List<String> stackNames(Path project) throws IOException {
        try (Stream<Path> list = Files.list(project)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Pulumi.") && n.endsWith(".yaml") && !n.equals("Pulumi.yaml"))
                    .map(n -> n.substring("Pulumi.".length(), n.length() - ".yaml".length())).sorted().toList();
        }
    }

    /** SHA-256 over the paths and bytes of a project's files that {@code include} takes (by path relative to the project). */
    private static String digest(Path project, java.util.function.Predicate<Path> include) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(p -> include.test(project.relativize(p)))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                sha.update(project.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    // ------------------------------------------------------------------------------------------------ output

    private int finish(Review review, PolicyBundle headBundle) throws IOException {
        String version = version();
        String text = ReviewReports.render(review, format, headBundle.policies().values(), version);
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(text);
            stdout.flush();
        } else {
            write(out, text);
        }
        for (Report r : reports) write(r.file(), ReviewReports.render(review, r.format(), headBundle.policies().values(), version));
        return switch (failOn) {
            case ANY -> review.allowed() ? Main.OK : Main.DENIED;
            case NEW -> review.summary().newDenials() > 0 ? Main.DENIED : Main.OK;
            case NEVER -> Main.OK;
        };
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Clock clock() {
        if (now == null) return Clock.systemUTC();
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PolicyException("--now: '" + now + "' is not an ISO-8601 instant such as 2026-11-23T12:00:00Z");
        }
    }

    private static String version() {
        String v = ReviewCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary checkout " + dir + ": " + e.getMessage(), e);
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FailOnConverter implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            for (FailOn f : FailOn.values()) {
                if (f.name().equalsIgnoreCase(value)) return f;
            }
            throw new TypeConversionException("'" + value + "' is not any, new or never");
        }
    }

    static final class ReportConverter implements ITypeConverter<Report> {
        @Override
        public Report convert(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not FORMAT:FILE, e.g. sarif:tollgate.sarif");
            }
            try {
                return new Report(Format.parse(value.substring(0, colon)), Path.of(value.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
