package dev.tollgate.pulumi;

import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.Decision;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code tollgate pulumi up}: preview through the Automation API, check the preview, and update only if it is allowed,
 * applying exactly the plan that was checked ({@code --save-plan} then {@code up --plan}). Needs the Pulumi CLI.
 */
public final class AutomationUp {
    private AutomationUp() {}

    /** The Automation API runs {@code pulumi} found on PATH. */
    public static Optional<Path> findPulumi(String path) {
        if (path == null) return Optional.empty();
        var windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (var dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            for (var name : windows ? new String[]{"pulumi.exe", "pulumi.cmd"} : new String[]{"pulumi"}) {
                var candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** One line: what is missing and what to do instead. */
    public static PulumiException noPulumi() {
        return new PulumiException("`tollgate pulumi up` drives the Pulumi CLI, and no `pulumi` is on PATH: install it "
                + "(https://www.pulumi.com/docs/install/, 3.95 or later) and log in, or use `tollgate pulumi check`, which needs no CLI");
    }

    /** What happened: the checked preview, the decision, and the update's result when there was one. */
    public record Result(Plan preview, Decision decision, Map<String, Object> update) {}

    public static Result run(Path dir, String stack, ProgramLoader loader, Function<Plan, Decision> check) {
        Path planFile;
        try {
            planFile = Files.createTempFile("tollgate-update-plan", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            var json = (String) call(loader, "preview", dir.toAbsolutePath(), stack, planFile);
            var preview = PlanReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    dir + " (pulumi preview, stack " + stack + ")");
            var decision = check.apply(preview);
            if (!decision.allowed()) return new Result(preview, decision, null);
            @SuppressWarnings("unchecked")
            var update = (Map<String, Object>) call(loader, "up", dir.toAbsolutePath(), stack, planFile);
            return new Result(preview, decision, update);
        } finally {
            try {
                Files.deleteIfExists(planFile);
            } catch (IOException ignored) {
                // a temp file left behind is not worth failing the update for
            }
        }
    }

    private static Object call(ProgramLoader loader, String method, Path dir, String stack, Path planFile) {
        try {
            return loader.sdk().loadClass(ProgramLoader.SDK_PACKAGE + "AutomationRun")
                    .getMethod(method, Path.class, String.class, Path.class)
                    .invoke(null, dir, stack, planFile);
        } catch (InvocationTargetException e) {
            var cause = MockRunner.root(e.getCause());
            throw new PulumiException("pulumi " + method + " of " + dir + " (stack " + stack + ") failed: " + MockRunner.describe(cause), cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PulumiException("cannot load the Automation API from the stack's Pulumi SDK: " + e, e);
        }
    }
}
