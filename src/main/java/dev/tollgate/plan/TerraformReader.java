package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Terraform's plan JSON ({@code terraform show -json PLANFILE}, format_version 0.1 to 1.2); the state JSON is
 * {@link TerraformState}, edges are {@link TerraformEdges}. {@link PlanReader} streams the top level and hands each
 * {@code resource_changes} element to {@link #change} as it arrives, so the big duplicated sections
 * ({@code planned_values}, {@code prior_state}) are never held in memory.
 */
final class TerraformReader {
    private TerraformReader() {}

    /** One entry of resource_changes (or one state resource), before configuration is applied to it. */
    record Change(String address, String module, Resource.Mode mode, String type, String name, String key,
                  String providerName, Resource.Action action, JsonNode before, JsonNode after,
                  Set<String> unknownPaths, Set<String> sensitivePaths, String note, String configModule) {

        Change(String address, String module, Resource.Mode mode, String type, String name, String key,
               String providerName, Resource.Action action, JsonNode before, JsonNode after,
               Set<String> unknownPaths, Set<String> sensitivePaths, String note) {
            this(address, module, mode, type, name, key, providerName, action, before, after, unknownPaths, sensitivePaths,
                    note, TerraformAddress.configModule(module));
        }
    }

    static final Set<String> PLAN_KEYS = Set.of("planned_values", "resource_changes", "resource_drift", "prior_state",
            "configuration", "output_changes", "deferred_changes", "relevant_attributes", "checks", "applyable",
            "complete", "errored", "variables", "action_invocations", "timestamp");

    // ---- resource_changes ------------------------------------------------------------------------------------

    /** The three mask documents of a change as pointer sets; {@link PlanReader} collects them while streaming. */
    record Masks(Set<String> afterUnknown, Set<String> beforeSensitive, Set<String> afterSensitive) {
        static Masks of(Json change) {
            Masks m = new Masks(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
            JsonPointers.collectTrue(mask(change.get("after_unknown")), "", m.afterUnknown());
            JsonPointers.collectTrue(mask(change.get("before_sensitive")), "", m.beforeSensitive());
            JsonPointers.collectTrue(mask(change.get("after_sensitive")), "", m.afterSensitive());
            return m;
        }
    }

    static Change change(Json rc) {
        return change(rc, null);
    }

    /** @param masks the change's masks when already collected (they are then absent from {@code rc}), else null */
    static Change change(Json rc, Masks masks) {
        String address = rc.text("address");
        String module = rc.optText("module_address");
        if (module == null) module = moduleOf(address);
        Resource.Mode mode = mode(rc.get("mode"));
        String type = rc.text("type");
        String name = rc.text("name");
        String key = TerraformAddress.renderKey(rc.get("index").node());
        String deposed = rc.optText("deposed");
        Json change = rc.obj("change");
        List<String> actions = new ArrayList<>();
        for (Json a : change.arr("actions")) actions.add(a.text());
        Resource.Action action = action(actions, change.get("actions"));
        String note = null;
        if (actions.contains("forget")) {
            note = actions.contains("create")
                    ? "Terraform creates a new object and forgets the old one without destroying it"
                    : "Terraform forgets this object without destroying it; it keeps running outside Terraform's control";
        }
        if (deposed != null) {
            note = "deposed object " + deposed + " (left over from a create-before-destroy replacement)";
            address = address + " (deposed " + deposed + ")";
        }
        String moved = rc.optText("previous_address");
        if (moved != null && !moved.equals(address)) note = join(note, "moved from " + moved);
        if (!change.optObj("importing").absent()) note = join(note, "imported into Terraform by this plan");

        JsonNode before = value(change.get("before"));
        JsonNode after = value(change.get("after"));
        Masks m = masks != null ? masks : Masks.of(change);
        Set<String> unknown = m.afterUnknown();
        Set<String> beforeSensitive = m.beforeSensitive();
        Set<String> afterSensitive = m.afterSensitive();
        before = JsonPointers.redact(before, beforeSensitive);
        after = JsonPointers.redact(after, afterSensitive);
        Set<String> sensitive = new LinkedHashSet<>(beforeSensitive);
        sensitive.addAll(afterSensitive);
        // Unchanged resources (most of a large plan) repeat the same object twice: keep one.
        if (before != null && after != null && before.equals(after)) after = before;
        return new Change(address, module, mode, type, name, key, rc.optText("provider_name"), action,
                before, after, unknown, sensitive, note);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    static Resource.Mode mode(Json mode) {
        return switch (mode.text()) {
            case "managed" -> Resource.Mode.MANAGED;
            case "data" -> Resource.Mode.DATA;
            default -> throw mode.error("expected \"managed\" or \"data\", found \"" + mode.text() + "\"");
        };
    }

    static Resource.Action action(List<String> actions, Json where) {
        String joined = String.join(",", actions);
        return switch (joined) {
            case "no-op", "forget" -> Resource.Action.NO_OP;
            case "create", "create,forget" -> Resource.Action.CREATE;
            case "read" -> Resource.Action.READ;
            case "update" -> Resource.Action.UPDATE;
            case "delete" -> Resource.Action.DELETE;
            case "delete,create", "create,delete" -> Resource.Action.REPLACE;
            default -> throw where.error("unknown actions [" + joined + "]");
        };
    }

    static JsonNode value(Json v) {
        return v.absent() ? null : v.node();
    }

    static JsonNode mask(Json m) {
        if (m.absent()) return null;
        if (!m.node().isBoolean() && !m.node().isContainerNode()) {
            throw m.error("expected boolean, object or array, found " + Json.describe(m.node()));
        }
        return m.node();
    }

    /** Module part of an address, for format 0.1 plans that do not give module_address. */
    static String moduleOf(String address) {
        List<String> steps = TerraformAddress.steps(address);
        StringBuilder m = new StringBuilder();
        for (int i = 0; i + 1 < steps.size() && steps.get(i).equals("module"); i += 2) {
            if (m.length() > 0) m.append('.');
            m.append("module.").append(steps.get(i + 1));
        }
        return m.toString();
    }

    // ---- the plan --------------------------------------------------------------------------------------------

    static Plan plan(String file, Map<String, JsonNode> fields, List<Change> changes) {
        Json doc = new Json(file, "$", objectOf(fields));
        Source source = new Source(Source.Tool.TERRAFORM, Source.Format.TERRAFORM_PLAN,
                doc.optText("terraform_version"), doc.optText("format_version"), file);
        List<Plan.Note> notes = new ArrayList<>();

        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (Map.Entry<String, Json> v : doc.optObj("variables").fields().entrySet()) {
            Json value = v.getValue().requireObject().get("value");
            if (!value.absent()) variables.put(v.getKey(), value.node());
        }
        TerraformConfig config = TerraformConfig.of(doc.optObj("configuration"), variables);
        for (String sensitive : config.sensitiveVariables()) {
            if (variables.remove(sensitive) != null) {
                notes.add(new Plan.Note(Plan.Note.Severity.INFO, null, "variable " + sensitive + " is sensitive; its value is withheld"));
            }
        }

        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        List<Plan.Unknown> unknowns = new ArrayList<>();
        readOutputs(doc, outputs, unknowns, notes);

        if (doc.optBool("errored", false)) {
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, null, "Terraform reported errors while planning; this plan is incomplete"));
        }
        if (!doc.optBool("complete", true)) {
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, null, "the plan is not complete: another plan and apply will be needed"));
        }
        for (Json drift : doc.optArr("resource_drift")) {
            List<String> actions = new ArrayList<>();
            for (Json a : drift.obj("change").arr("actions")) actions.add(a.text());
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, drift.text("address"),
                    "changed outside Terraform (" + String.join(", ", actions) + ")"));
        }
        for (Json deferred : doc.optArr("deferred_changes")) {
            Json rc = deferred.obj("resource_change");
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, rc.text("address"),
                    "deferred (" + deferred.optText("reason") + "): not part of this plan"));
        }
        for (Json check : doc.optArr("checks")) {
            String status = check.text("status");
            if (status.equals("pass")) continue;
            StringBuilder problems = new StringBuilder();
            for (Json instance : check.optArr("instances")) {
                for (Json problem : instance.optArr("problems")) problems.append("; ").append(problem.text("message"));
            }
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, check.obj("address").text("to_display"),
                    "check " + status + problems));
        }
        int invocations = doc.optArr("action_invocations").size();
        if (invocations > 0) {
            notes.add(new Plan.Note(Plan.Note.Severity.INFO, null, "the plan invokes " + invocations + " provider action(s), which Tollgate does not evaluate"));
        }
        return assemble(source, null, changes == null ? List.of() : changes, config, variables, outputs, unknowns, notes);
    }

    private static void readOutputs(Json doc, Map<String, JsonNode> outputs, List<Plan.Unknown> unknowns, List<Plan.Note> notes) {
        // Format 0.1 marks sensitive outputs only in planned_values and configuration, not in output_changes.
        Set<String> sensitiveOutputs = new java.util.HashSet<>();
        for (Map.Entry<String, Json> o : doc.optObj("planned_values").optObj("outputs").fields().entrySet()) {
            if (o.getValue().optBool("sensitive", false)) sensitiveOutputs.add(o.getKey());
        }
        for (Map.Entry<String, Json> o : doc.optObj("configuration").optObj("root_module").optObj("outputs").fields().entrySet()) {
            if (o.getValue().optBool("sensitive", false)) sensitiveOutputs.add(o.getKey());
        }
        Json changes = doc.optObj("output_changes");
        if (!changes.absent()) {
            for (Map.Entry<String, Json> o : changes.fields().entrySet()) {
                String name = o.getKey();
                Json change = o.getValue().requireObject();
                Set<String> unknown = new LinkedHashSet<>();
                JsonPointers.collectTrue(mask(change.get("after_unknown")), "", unknown);
                for (String p : unknown) unknowns.add(new Plan.Unknown("output." + name, p));
                Set<String> sensitive = new LinkedHashSet<>();
                JsonPointers.collectTrue(mask(change.get("after_sensitive")), "", sensitive);
                JsonNode after = value(change.get("after"));
                if (sensitive.contains("") || sensitiveOutputs.contains(name)) {
                    notes.add(new Plan.Note(Plan.Note.Severity.INFO, "output." + name, "sensitive output; its value is withheld"));
                } else if (after != null && !unknown.contains("")) {
                    outputs.put(name, JsonPointers.redact(after, sensitive));
                }
            }
            return;
        }
        for (Map.Entry<String, Json> o : doc.optObj("planned_values").optObj("outputs").fields().entrySet()) {
            Json out = o.getValue().requireObject();
            if (sensitiveOutputs.contains(o.getKey())) {
                notes.add(new Plan.Note(Plan.Note.Severity.INFO, "output." + o.getKey(), "sensitive output; its value is withheld"));
            } else if (out.get("value").absent()) {
                unknowns.add(new Plan.Unknown("output." + o.getKey(), ""));
            } else {
                outputs.put(o.getKey(), out.get("value").node());
            }
        }
    }

    // ---- assembly --------------------------------------------------------------------------------------------

    static String configAddress(Change c) {
        return (c.mode() == Resource.Mode.DATA ? "data." : "") + c.type() + "." + c.name();
    }

    static Plan assemble(Source source, String stack, List<Change> changes, TerraformConfig config,
                                 Map<String, JsonNode> variables, Map<String, JsonNode> outputs,
                                 List<Plan.Unknown> planUnknowns, List<Plan.Note> planNotes) {
        KindCatalog catalog = KindCatalog.standard();
        List<Resource> resources = new ArrayList<>(changes.size());
        List<Plan.Unknown> unknowns = new ArrayList<>();
        List<Plan.Note> notes = new ArrayList<>();
        Map<String, Location> providerLocations = new HashMap<>();
        for (Change c : changes) {
            String module = c.configModule();
            String address = configAddress(c);
            Resource.Provider family = catalog.terraformProvider(c.type(), c.providerName());
            KindCatalog.Entry entry = catalog.lookup(c.type());
            JsonNode values = c.after() != null ? c.after() : c.before();

            String providerConfig;
            Location providerLocation;
            Set<String> configured = null;
            if (config.present()) {
                TerraformConfig.ProviderRef ref = config.providerRef(module, address);
                providerConfig = ref.key() != null ? ref.key() : config.configKey(module, address);
                providerLocation = config.providerLocation(ref);
                configured = config.configuredAttributes(module, address);
            } else {
                providerConfig = c.providerName();
                providerLocation = providerLocations.computeIfAbsent(String.valueOf(c.providerName()), k ->
                        Location.unknown("the plan carries no provider configuration for " + k));
            }
            Location location = RegionResolver.resolve(new RegionResolver.Facts(
                    family, c.type(), values, c.unknownPaths(), configured, entry.global(), providerLocation));

            resources.add(new Resource(c.address(), c.name(), c.mode(), family, c.type(),
                    catalog.kindOf(c.type(), values), c.action(), location, c.before(), c.after(),
                    c.unknownPaths(), c.sensitivePaths(), Tags.of(family, values), c.module(),
                    providerConfig != null ? providerConfig : c.providerName()));
            for (String p : c.unknownPaths()) unknowns.add(new Plan.Unknown(c.address(), p));
            if (c.note() != null) notes.add(new Plan.Note(Plan.Note.Severity.INFO, c.address(), c.note()));
        }
        unknowns.addAll(planUnknowns);
        notes.addAll(planNotes);

        List<Edge> edges = config.present() ? TerraformEdges.fromConfiguration(changes, config) : List.of();
        resources = PlanAssembly.upgradeNodeGroupsByLaunchTemplate(resources, edges);
        notes.addAll(0, PlanAssembly.unknownTypeNotes(resources));
        return new Plan(source, stack, resources, edges, variables, outputs, unknowns, notes);
    }

    private static JsonNode objectOf(Map<String, JsonNode> fields) {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.setAll(fields);
        return o;
    }
}
