package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pulumi's single-document JSON formats: {@code pulumi preview --json}, {@code pulumi stack export} (and the
 * file backend's checkpoints, versions 1 to 4, and Pulumi Cloud's resource listing), and saved update plans
 * ({@code --save-plan}). Each becomes a list of {@link PulumiPlanBuilder.Step}s.
 */
final class PulumiReader {
    private PulumiReader() {}

    private static final Pattern COLOR_TAGS = Pattern.compile("<\\{%[^%]*%}>");

    // ---- pulumi preview --json -------------------------------------------------------------------------------

    static Plan preview(Json doc) {
        PulumiPlanBuilder b = new PulumiPlanBuilder(
                new Source(Source.Tool.PULUMI, Source.Format.PULUMI_PREVIEW, null, null, doc.file()), config(doc.optObj("config")));
        for (Json step : doc.arr("steps")) {
            step.requireObject();
            Resource.Action action = action(step.get("op"));
            Json oldState = step.optObj("oldState");
            Json newState = step.optObj("newState");
            b.add(step(step.text("urn"), action, oldState, newState, step.optText("provider")));
        }
        for (Json d : doc.optArr("diagnostics")) b.note(diagnostic(d));
        if (doc.optBool("maybeCorrupt", false)) {
            b.note(new Plan.Note(Plan.Note.Severity.WARNING, null, "Pulumi reports the preview may be corrupt"));
        }
        return b.build();
    }

    /** A step from the states before and after it (preview steps and engine-event metadata share this shape). */
    static PulumiPlanBuilder.Step step(String urn, Resource.Action action, Json oldState, Json newState, String provider) {
        Json state = !newState.absent() ? newState : oldState;
        String type = state.optText("type");
        if (type == null) type = PulumiPlanBuilder.Urn.parse(urn).type();
        // Without a state the step does not say; everything but the stack is taken as a real (custom) resource.
        boolean custom = state.absent() ? !type.equals("pulumi:pulumi:Stack") : state.optBool("custom", false);
        String parent = blankToNull(state.optText("parent"));
        String stateProvider = state.optText("provider");
        return new PulumiPlanBuilder.Step(urn, type, custom, action,
                node(oldState.get("inputs")), node(oldState.get("outputs")),
                node(newState.get("inputs")), node(newState.get("outputs")),
                parent, provider != null && !provider.isEmpty() ? provider : stateProvider,
                state.optTexts("dependencies"), propertyDependencies(state.optObj("propertyDependencies")), null);
    }

    static Resource.Action action(Json op) {
        return switch (op.text()) {
            case "same", "refresh", "discard", "discard-replaced", "remove-pending-replace", "import" -> Resource.Action.NO_OP;
            case "create" -> Resource.Action.CREATE;
            case "update" -> Resource.Action.UPDATE;
            case "delete" -> Resource.Action.DELETE;
            case "replace", "create-replacement", "delete-replaced", "import-replacement" -> Resource.Action.REPLACE;
            case "read", "read-replacement" -> Resource.Action.READ;
            default -> throw op.error("unknown Pulumi operation \"" + op.text() + "\"");
        };
    }

    static Plan.Note diagnostic(Json d) {
        String severity = d.optText("severity");
        String message = COLOR_TAGS.matcher(d.text("message")).replaceAll("").strip();
        boolean serious = severity != null && (severity.startsWith("error") || severity.startsWith("warning"));
        return new Plan.Note(serious ? Plan.Note.Severity.WARNING : Plan.Note.Severity.INFO,
                blankToNull(d.optText("urn")), (severity == null ? "" : severity + ": ") + message);
    }

    // ---- pulumi stack export, checkpoints, Pulumi Cloud resources ---------------------------------------------

    static boolean isServiceExport(Json doc) {
        List<Json> resources = doc.get("resources").isArray() ? doc.get("resources").elements() : List.of();
        return !resources.isEmpty() && resources.get(0).isObject() && resources.get(0).has("resource");
    }

    /** Everything that exists now: each resource with action no-op. */
    static Plan export(Json doc) {
        String version = doc.get("version").absent() ? null : doc.get("version").node().asText();
        Source source = new Source(Source.Tool.PULUMI, Source.Format.PULUMI_EXPORT, null, version, doc.file());
        List<Json> resources;
        Map<String, JsonNode> config = Map.of();
        String stack = null;
        Json deployment;
        List<Plan.Note> notes = new ArrayList<>();
        if (doc.has("deployment")) {
            deployment = doc.obj("deployment");
            resources = deployment.optArr("resources");
        } else if (doc.has("checkpoint")) {
            Json checkpoint = doc.obj("checkpoint");
            config = config(checkpoint.optObj("config"));
            stack = checkpoint.optText("stack");
            if (stack == null) stack = checkpoint.optText("target");
            deployment = checkpoint.optObj("latest");
            resources = deployment.optArr("resources");
        } else {
            deployment = Json.missing(doc.file(), "$.deployment");
            resources = new ArrayList<>();
            for (Json r : doc.arr("resources")) resources.add(r.obj("resource"));
        }
        String toolVersion = blankToNull(deployment.optObj("manifest").optText("version"));
        if (toolVersion != null) source = new Source(source.tool(), source.format(), toolVersion, version, doc.file());

        PulumiPlanBuilder b = new PulumiPlanBuilder(source, config);
        if (stack != null && !stack.isEmpty()) b.stack(stack.substring(stack.lastIndexOf('/') + 1));
        for (Json r : resources) {
            r.requireObject();
            String urn = r.text("urn");
            if (r.optBool("delete", false)) {
                urn = urn + " (pending delete)";
                notes.add(new Plan.Note(Plan.Note.Severity.WARNING, urn, "an old copy waiting to be deleted after a replacement"));
            }
            JsonNode inputs = node(r.get("inputs"));
            JsonNode outputs = node(r.get("outputs"));
            JsonNode providerInputs = node(r.get("providerInputs"));
            // Same nodes before and after: nothing changes, and the builder decodes them once.
            b.add(new PulumiPlanBuilder.Step(urn, r.text("type"), r.optBool("custom", false), Resource.Action.NO_OP,
                    inputs, outputs, inputs, outputs, blankToNull(r.optText("parent")), r.optText("provider"),
                    r.optTexts("dependencies"), propertyDependencies(r.optObj("propertyDependencies")), providerInputs));
        }
        for (Json op : deployment.optArr("pending_operations")) {
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, op.obj("resource").text("urn"),
                    "interrupted " + op.text("type") + " operation; the real state may differ"));
        }
        notes.forEach(b::note);
        return b.build();
    }

    // ---- pulumi preview --save-plan ---------------------------------------------------------------------------

    static Plan updatePlan(Json doc) {
        String toolVersion = blankToNull(doc.optObj("manifest").optText("version"));
        PulumiPlanBuilder b = new PulumiPlanBuilder(new Source(Source.Tool.PULUMI, Source.Format.PULUMI_UPDATE_PLAN,
                toolVersion, null, doc.file()), config(doc.optObj("config")));
        for (Map.Entry<String, Json> e : doc.obj("resourcePlans").fields().entrySet()) {
            String urn = e.getKey();
            Json plan = e.getValue().requireObject();
            Json goal = plan.optObj("goal");
            List<Json> steps = plan.arr("steps");
            Resource.Action action = Resource.Action.NO_OP;
            for (Json s : steps) {
                Resource.Action a = action(s);
                if (a != Resource.Action.NO_OP) action = action == Resource.Action.NO_OP || action == a ? a : Resource.Action.REPLACE;
            }
            String type = goal.optText("type");
            if (type == null) type = PulumiPlanBuilder.Urn.parse(urn).type();
            JsonNode inputs = node(goal.get("checkedInputs"));
            if (inputs == null) inputs = inputsFromDiff(goal.optObj("inputDiff"));
            b.add(new PulumiPlanBuilder.Step(urn, type, goal.absent() || goal.optBool("custom", false), action,
                    null, null, inputs, node(plan.get("state")),
                    blankToNull(goal.optText("parent")), goal.optText("provider"), goal.optTexts("dependencies"),
                    propertyDependencies(goal.optObj("propertyDependencies")), null));
        }
        return b.build();
    }

    /** Without checkedInputs (newer plan files) the inputs are what the diff adds and updates. */
    private static JsonNode inputsFromDiff(Json diff) {
        if (diff.absent()) return null;
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String part : List.of("adds", "updates")) {
            for (Map.Entry<String, Json> f : diff.optObj(part).fields().entrySet()) out.set(f.getKey(), f.getValue().node());
        }
        return out;
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    static Map<String, JsonNode> config(Json config) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : config.fields().entrySet()) out.put(e.getKey(), e.getValue().node());
        return out;
    }

    static Map<String, List<String>> propertyDependencies(Json deps) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : deps.fields().entrySet()) {
            out.put(e.getKey(), e.getValue().absent() ? List.of() : textsOf(e.getValue()));
        }
        return out;
    }

    private static List<String> textsOf(Json array) {
        List<String> out = new ArrayList<>();
        for (Json e : array.elements()) out.add(e.text());
        return out;
    }

    static JsonNode node(Json v) {
        return v.absent() ? null : v.node();
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
