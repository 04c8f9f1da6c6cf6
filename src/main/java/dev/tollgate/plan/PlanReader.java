package dev.tollgate.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads any plan Tollgate understands, recognising the format by content (never by file name):
 * Terraform plan and state JSON, Pulumi preview, stack export/checkpoint, engine-event stream and saved update
 * plan, and Tollgate's own plan JSON.
 * <p>
 * The top level is streamed: Terraform's {@code resource_changes} are turned into resources one element at a
 * time, and {@code planned_values} (which repeats them) and {@code prior_state} are skipped rather than built,
 * so a large plan costs one pass and roughly one in-memory copy of the resources.
 */
public final class PlanReader {
    private PlanReader() {}

    public static final String FORMATS = "Terraform plan JSON (terraform show -json PLANFILE), Terraform state JSON "
            + "(terraform show -json), Pulumi preview (pulumi preview --json), Pulumi stack export or checkpoint "
            + "(pulumi stack export), Pulumi engine events (--event-log), Pulumi update plan (--save-plan), Tollgate plan JSON";

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Reads a plan file; "-" reads standard input. */
    public static Plan read(Path path) {
        String name = path.toString();
        if (name.equals("-")) return read(System.in, "-");
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, name);
        } catch (NoSuchFileException e) {
            throw new PlanFormatException(name, "", "no such file");
        } catch (IOException e) {
            throw new PlanFormatException(name, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a plan from a stream; {@code name} is what error messages call it. */
    public static Plan read(InputStream in, String name) {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(MAPPER);
            return parse(p, name);
        } catch (StreamReadException e) {
            throw malformed(name, e);
        } catch (IOException e) {
            throw new PlanFormatException(name, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a plan that is already parsed, such as the plan inside a service request envelope; errors name
     * {@code name} and the JSON path inside the document.
     */
    public static Plan read(JsonNode document, String name) {
        try (JsonParser p = MAPPER.treeAsTokens(document)) {
            return parse(p, name);
        } catch (IOException e) {
            throw new PlanFormatException(name, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static Plan parse(JsonParser p, String name) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) throw new PlanFormatException(name, "", "empty file; expected one of: " + FORMATS);
        if (first != JsonToken.START_OBJECT) {
            String what = first == JsonToken.START_ARRAY ? "a JSON array" : "a bare JSON value";
            String hint = first == JsonToken.START_ARRAY
                    ? " (terraform apply -json and similar logs are arrays or lines of messages, not plans)" : "";
            throw new PlanFormatException(name, "$", "unknown plan format: the document is " + what + hint + "; expected one of: " + FORMATS);
        }
        int firstLine = p.currentTokenLocation().getLineNr();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        List<TerraformReader.Change> changes = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            switch (key) {
                case "resource_changes" -> changes = streamChanges(p, name, value);
                case "planned_values" -> fields.put(key, plannedOutputs(p, value));
                case "prior_state" -> {
                    // Everything it says about managed resources is in resource_changes already.
                    p.skipChildren();
                    fields.put(key, JsonNodeFactory.instance.objectNode());
                }
                default -> fields.put(key, p.readValueAsTree());
            }
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        Set<String> keys = fields.keySet();

        JsonToken next = p.nextToken();
        if (PulumiEventsReader.isEvent(keys)) {
            root.setAll(fields);
            return PulumiEventsReader.read(name, root, firstLine, p);
        }
        if (next != null) {
            throw new PlanFormatException(name, "line " + p.currentTokenLocation().getLineNr() + ", column "
                    + p.currentTokenLocation().getColumnNr(), "malformed JSON: unexpected content after the end of the document");
        }

        if (keys.contains("tollgate_plan")) {
            root.setAll(fields);
            return PlanJson.read(Json.root(name, root));
        }
        if (keys.contains("format_version")) {
            if (changes != null || keys.stream().anyMatch(TerraformReader.PLAN_KEYS::contains)) {
                return TerraformReader.plan(name, fields, changes);
            }
            if (keys.contains("values") || Set.of("format_version", "terraform_version").containsAll(keys)) {
                root.setAll(fields);
                return TerraformState.read(Json.root(name, root));
            }
            throw new PlanFormatException(name, "$", "unknown plan format: Terraform JSON of another kind (top-level keys "
                    + keys + "); expected one of: " + FORMATS);
        }
        root.setAll(fields);
        Json doc = Json.root(name, root);
        if (keys.contains("steps")) return PulumiReader.preview(doc);
        if (keys.contains("resourcePlans")) return PulumiReader.updatePlan(doc);
        if (keys.contains("deployment") || keys.contains("checkpoint")) return PulumiReader.export(doc);
        if (keys.contains("resources") && keys.contains("version") && PulumiReader.isServiceExport(doc)) {
            return PulumiReader.export(doc);
        }
        String hint = keys.containsAll(Set.of("lineage", "serial"))
                ? " (this looks like a raw terraform.tfstate file; run terraform show -json to get the state JSON)" : "";
        throw new PlanFormatException(name, "$", "unknown plan format" + hint + "; top-level keys " + keys
                + " match none of: " + FORMATS);
    }

    private static List<TerraformReader.Change> streamChanges(JsonParser p, String name, JsonToken start) throws IOException {
        List<TerraformReader.Change> out = new ArrayList<>();
        if (start == JsonToken.VALUE_NULL) return out;
        if (start != JsonToken.START_ARRAY) {
            throw new PlanFormatException(name, "$.resource_changes", "expected array, found " + tokenName(start));
        }
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = "$.resource_changes[" + i + "]";
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new PlanFormatException(name, path, "expected object, found " + tokenName(p.currentToken()));
            }
            // Built as a tree except the three masks, which become pointer sets straight away.
            ObjectNode element = JsonNodeFactory.instance.objectNode();
            TerraformReader.Masks masks = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && key.equals("change")) {
                    masks = new TerraformReader.Masks(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
                    element.set(key, changeWithoutMasks(p, name, path + ".change", masks));
                } else {
                    element.set(key, p.readValueAsTree());
                }
            }
            out.add(TerraformReader.change(new Json(name, path, element), masks));
            i++;
        }
        return out;
    }

    private static ObjectNode changeWithoutMasks(JsonParser p, String name, String path, TerraformReader.Masks masks) throws IOException {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "after_unknown" -> JsonPointers.collectTrue(p, masks.afterUnknown(), name, path + "." + key);
                case "before_sensitive" -> JsonPointers.collectTrue(p, masks.beforeSensitive(), name, path + "." + key);
                case "after_sensitive" -> JsonPointers.collectTrue(p, masks.afterSensitive(), name, path + "." + key);
                default -> change.set(key, p.readValueAsTree());
            }
        }
        return change;
    }

    /** Keeps only planned_values.outputs, the one part resource_changes and output_changes may not repeat. */
    private static JsonNode plannedOutputs(JsonParser p, JsonToken start) throws IOException {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return kept;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("outputs")) kept.set(key, p.readValueAsTree());
            else p.skipChildren();
        }
        return kept;
    }

    private static String tokenName(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> t.asString() != null ? t.asString() : t.name();
        };
    }

    static PlanFormatException malformed(String name, StreamReadException e) {
        var at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        // Jackson appends "(... at [Source: REDACTED ...])": the location is already in "where".
        message = message.replaceAll(" ?\\([^()]*\\[Source:[^\\]]*\\]\\)", "");
        return new PlanFormatException(name, where, "malformed JSON: " + message, e);
    }
}
