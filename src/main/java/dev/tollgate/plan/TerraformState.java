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
 * Terraform's state JSON ({@code terraform show -json} without a plan file): what exists now. Every resource
 * becomes a no-op; state carries no provider configuration, so regions come from attributes alone, and
 * depends_on (recorded per resource) gives the edges.
 */
final class TerraformState {
    private TerraformState() {}

    /** A state document: everything that exists now, each resource with action no-op. */
    static Plan read(Json doc) {
        Source source = new Source(Source.Tool.TERRAFORM, Source.Format.TERRAFORM_STATE,
                doc.optText("terraform_version"), doc.optText("format_version"), doc.file());
        Json values = doc.optObj("values");
        List<TerraformReader.Change> changes = new ArrayList<>();
        Map<String, List<String>> dependsOn = new HashMap<>();
        stateModule(values.optObj("root_module"), "", changes, dependsOn);
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        List<Plan.Note> notes = new ArrayList<>();
        for (Map.Entry<String, Json> o : values.optObj("outputs").fields().entrySet()) {
            Json out = o.getValue().requireObject();
            if (out.optBool("sensitive", false)) {
                notes.add(new Plan.Note(Plan.Note.Severity.INFO, "output." + o.getKey(), "sensitive output; its value is withheld"));
            } else if (!out.get("value").absent()) {
                outputs.put(o.getKey(), out.get("value").node());
            }
        }
        Plan plan = TerraformReader.assemble(source, null, changes, TerraformConfig.of(Json.missing(doc.file(), "$.configuration"), Map.of()),
                Map.of(), outputs, List.of(), notes);
        return TerraformEdges.withStateDependencies(plan, changes, dependsOn);
    }

    private static void stateModule(Json module, String moduleAddress, List<TerraformReader.Change> changes, Map<String, List<String>> dependsOn) {
        for (Json r : module.optArr("resources")) {
            String address = r.text("address");
            String key = TerraformAddress.renderKey(r.get("index").node());
            // Older state JSON gives the address without the instance key and the key separately.
            if (key != null && !address.endsWith(key)) address = address + key;
            // ... and Terraform 0.12 wrote child-module addresses relative to their module.
            if (!moduleAddress.isEmpty() && !address.startsWith(moduleAddress + ".")) address = moduleAddress + "." + address;
            Set<String> sensitive = new LinkedHashSet<>();
            JsonPointers.collectTrue(TerraformReader.mask(r.get("sensitive_values")), "", sensitive);
            JsonNode values = JsonPointers.redact(TerraformReader.value(r.get("values")), sensitive);
            changes.add(new TerraformReader.Change(address, moduleAddress, TerraformReader.mode(r.get("mode")), r.text("type"), r.text("name"), key,
                    r.optText("provider_name"), Resource.Action.NO_OP, values, values, Set.of(), sensitive, null));
            List<String> deps = r.optTexts("depends_on");
            if (!deps.isEmpty()) dependsOn.put(address, deps);
        }
        for (Json child : module.optArr("child_modules")) stateModule(child, child.text("address"), changes, dependsOn);
    }
}
