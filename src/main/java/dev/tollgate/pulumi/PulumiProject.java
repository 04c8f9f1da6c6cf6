package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Pulumi project folder: {@code Pulumi.yaml} and its {@code Pulumi.<stack>.yaml} files.
 *
 * @param dir            the folder
 * @param name           the project name (the namespace of its own config keys)
 * @param runtime        the runtime name ({@code java}, {@code nodejs}, ...)
 * @param description    the project description, or null
 * @param configDefaults project-level config values and defaults, by full key ({@code project:key}, {@code aws:region})
 */
public record PulumiProject(Path dir, String name, String runtime, String description, Map<String, JsonNode> configDefaults) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern STACK_FILE = Pattern.compile("Pulumi\\.(.+)\\.ya?ml");

    public PulumiProject {
        configDefaults = Map.copyOf(configDefaults);
    }

    public static PulumiProject load(Path dir) {
        if (!Files.isDirectory(dir)) throw new PulumiException(dir + " is not a folder");
        var file = Stream.of("Pulumi.yaml", "Pulumi.yml").map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new PulumiException(dir + " has no Pulumi.yaml, so it is not a Pulumi project"));
        var root = read(file);
        var name = text(root.get("name"));
        if (name == null || name.isBlank()) throw new PulumiException(file + ": `name` is missing");
        var runtime = root.get("runtime");
        var runtimeName = runtime != null && runtime.isObject() ? text(runtime.get("name")) : text(runtime);
        if (runtimeName == null) throw new PulumiException(file + ": `runtime` is missing");
        return new PulumiProject(dir, name, runtimeName, text(root.get("description")), defaults(file, name, root.get("config")));
    }

    /** The config key as Pulumi namespaces it: keys without a namespace belong to the project. */
    public String fullKey(String key) {
        return key.contains(":") ? key : name + ":" + key;
    }

    /** Stack names that have a {@code Pulumi.<stack>.yaml} here, sorted. */
    public List<String> stacks() {
        try (var files = Files.list(dir)) {
            var stacks = new ArrayList<String>();
            files.map(p -> STACK_FILE.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted()
                    .forEach(stacks::add);
            return stacks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path stackFile(String stack) {
        var yml = dir.resolve("Pulumi." + stack + ".yml");
        return Files.isRegularFile(yml) ? yml : dir.resolve("Pulumi." + stack + ".yaml");
    }

    static JsonNode read(Path file) {
        try {
            var node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) throw new PulumiException(file + " is not a YAML mapping");
            return node;
        } catch (IOException e) {
            throw new PulumiException(file + " is not valid YAML: " + e.getMessage());
        }
    }

    /**
     * Project config: {@code key: value} sets a value, {@code key: {default: value}} a default; a declaration
     * with only a type and description sets nothing.
     */
    private static Map<String, JsonNode> defaults(Path file, String project, JsonNode config) {
        var out = new LinkedHashMap<String, JsonNode>();
        if (config == null || config.isNull()) return out;
        if (!config.isObject()) throw new PulumiException(file + ": `config` must be a mapping");
        config.fields().forEachRemaining(e -> {
            var key = e.getKey().contains(":") ? e.getKey() : project + ":" + e.getKey();
            var v = e.getValue();
            if (v.isObject() && (v.has("type") || v.has("description") || v.has("default") || v.has("value") || v.has("secret"))) {
                if (v.has("value")) out.put(key, v.get("value"));
                else if (v.has("default")) out.put(key, v.get("default"));
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
