package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.plan.Plan;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stack's configuration, as the Pulumi engine hands it to a program.
 *
 * @param stack      the stack name
 * @param values     every value by full key, in Pulumi's wire form: scalars as text, objects and lists as JSON
 * @param secretKeys keys whose values are secrets
 * @param shown      the values for the plan's {@code variables}, secrets redacted
 * @param notes      what could not be given to the program as the CLI would (encrypted secrets, ESC environments)
 */
public record StackConfig(String stack, Map<String, String> values, Set<String> secretKeys,
                          Map<String, JsonNode> shown, List<Plan.Note> notes) {

    /** What a program sees for a secret Tollgate cannot decrypt (only the Pulumi CLI holds the key). */
    public static final String SECRET_PLACEHOLDER = "[secret]";

    public StackConfig {
        values = Map.copyOf(values);
        secretKeys = Set.copyOf(secretKeys);
        shown = Map.copyOf(shown);
        notes = List.copyOf(notes);
    }

    public static StackConfig load(PulumiProject project, String stack) {
        var file = project.stackFile(stack);
        if (!Files.isRegularFile(file)) {
            var known = project.stacks();
            throw new PulumiException(file + " not found: " + (known.isEmpty()
                    ? project.dir() + " has no stack config files"
                    : "stacks of " + project.name() + " are " + String.join(", ", known)));
        }
        var root = PulumiProject.read(file);
        var config = root.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw new PulumiException(file + ": `config` must be a mapping");
        }

        var values = new LinkedHashMap<String, String>();
        var secrets = new LinkedHashSet<String>();
        var shown = new LinkedHashMap<String, JsonNode>();
        var notes = new ArrayList<Plan.Note>();

        project.configDefaults().forEach((key, value) -> put(key, value, values, secrets, shown, notes, file.toString()));
        if (config != null && config.isObject()) {
            config.fields().forEachRemaining(e ->
                    put(project.fullKey(e.getKey()), e.getValue(), values, secrets, shown, notes, file.toString()));
        }
        var environment = root.get("environment");
        if (environment != null && !environment.isNull()) {
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, null, file + " imports Pulumi ESC environments ("
                    + environment + "); their values need the Pulumi CLI and were not given to the program"));
        }
        return new StackConfig(stack, values, secrets, shown, notes);
    }

    private static void put(String key, JsonNode value, Map<String, String> values, Set<String> secrets,
                            Map<String, JsonNode> shown, List<Plan.Note> notes, String file) {
        if (value.isObject() && value.has("secure")) {
            values.put(key, SECRET_PLACEHOLDER);
            secrets.add(key);
            shown.put(key, TextNode.valueOf(SECRET_PLACEHOLDER));
            notes.add(new Plan.Note(Plan.Note.Severity.WARNING, null, file + ": " + key
                    + " is encrypted (secure:) and only the Pulumi CLI can decrypt it; the program saw \""
                    + SECRET_PLACEHOLDER + "\" instead"));
            return;
        }
        if (value.isNull()) throw new PulumiException(file + ": " + key + " has no value");
        // Pulumi hands programs text: numbers and booleans as written, structured values as JSON.
        values.put(key, value.isValueNode() ? value.asText() : value.toString());
        secrets.remove(key);
        shown.put(key, value);
    }
}
