package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PulumiPlanBuilder;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;

/**
 * {@code Pulumi.yaml} folder and stack name in, Tollgate {@link Plan} out, without the Pulumi CLI: the program runs
 * under mocks with the stack's config ({@link MockRunner}), and every registration becomes a preview step for the
 * shared {@link PulumiPlanBuilder}, which reads {@code pulumi preview --json} the same way. So a stack checked here
 * and its real preview get the same kinds, regions, tags and edges.
 */
public final class PulumiExtractor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SDK_JAR = Pattern.compile(".*/pulumi-([0-9][^/]*)\\.jar!/com/pulumi/Pulumi\\.class$");

    private PulumiExtractor() {}

    /** A plan and how it was obtained. */
    public record Extraction(Plan plan, ProgramRun run) {}

    public static Extraction extract(Path dir, String stack, ProgramLoader loader) {
        var project = PulumiProject.load(dir);
        if (!project.runtime().equals("java")) {
            throw new PulumiException(dir + " is a " + project.runtime() + " Pulumi project; Tollgate runs Java programs "
                    + "in-process. For other languages pipe `pulumi preview --json` into `tollgate check -`");
        }
        var config = StackConfig.load(project, stack);
        var run = MockRunner.run(loader, project, config);
        return new Extraction(plan(dir, config, run, sdkVersion(loader)), run);
    }

    public static Plan plan(Path dir, StackConfig config, ProgramRun run, String sdkVersion) {
        var source = new Source(Source.Tool.PULUMI, Source.Format.PULUMI_PROGRAM,
                sdkVersion == null ? null : "java sdk " + sdkVersion, null, dir.toString());
        var builder = new PulumiPlanBuilder(source, config.shown()).stack(config.stack());
        config.notes().forEach(builder::note);

        var byUrn = new LinkedHashMap<String, Registration>();
        for (var r : run.registrations()) byUrn.put(r.urn(), r);
        var defaults = new ProviderDefaults(byUrn, config);
        for (var r : run.registrations()) {
            var inputs = wholeNumbers(r.inputs());
            var outputs = r.isStack() ? exports(run) : wholeNumbers(defaults.outputs(r));
            var action = r.operation() == Registration.Operation.READ ? Resource.Action.READ : Resource.Action.CREATE;
            builder.add(new PulumiPlanBuilder.Step(r.urn(), r.type(), r.custom() || r.isStack(), action,
                    null, null, inputs, outputs, r.parent().isEmpty() ? null : r.parent(), r.provider(),
                    r.dependencies(), r.propertyDependencies(), null));
        }

        for (var invoke : run.invokes()) {
            builder.note(new Plan.Note(Plan.Note.Severity.WARNING, null, "the program called " + invoke.token()
                    + "; without a cloud to ask, it got an empty result, so values derived from it are missing"));
        }
        for (var line : run.log()) {
            builder.note(new Plan.Note(Plan.Note.Severity.WARNING, null, "program log: " + line));
        }
        return builder.build();
    }

    /** The stack's exports as the Stack resource's outputs, in wire form. */
    private static JsonNode exports(ProgramRun run) {
        var out = JSON.createObjectNode();
        run.outputs().forEach((name, output) -> {
            if (!output.known()) {
                out.put(name, ProviderDefaults.UNKNOWN);
            } else if (output.secret()) {
                var secret = out.putObject(name);
                secret.put("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270");
                secret.set("value", output.value());
            } else {
                out.set(name, output.value());
            }
        });
        return out;
    }

    /** Pulumi sends every number as a double; counts and sizes read better, and compare exactly, as integers. */
    static JsonNode wholeNumbers(JsonNode node) {
        if (node == null) return null;
        if (node.isDouble() || node.isFloat()) {
            var d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
                        ? JSON.getNodeFactory().numberNode((int) d) : JSON.getNodeFactory().numberNode((long) d);
            }
            return node;
        }
        if (node.isObject()) {
            var out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), wholeNumbers(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(item -> out.add(wholeNumbers(item)));
            return out;
        }
        return node;
    }

    /** The Pulumi Java SDK version, read off the jar the stack's {@code com.pulumi.Pulumi} comes from. */
    static String sdkVersion(ProgramLoader loader) {
        var url = loader.sdk().getResource("com/pulumi/Pulumi.class");
        if (url == null) return null;
        var m = SDK_JAR.matcher(url.toString());
        return m.matches() ? m.group(1) : null;
    }
}
