package dev.tollgate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The policies directory as the engine uses it: Rego modules, the parameters merged from data files,
 * every policy's METADATA, and a revision (SHA-256 of every file) that the decision records.
 *
 * <p>Data files ({@code .json}, {@code .yaml}, {@code .yml}) hold one object each and are merged at the root of
 * {@code data}, as conftest does; two files setting the same value is an error naming both, so a parameter has
 * exactly one home. By default they are read from {@code <policies>/data}; {@code --data DIR} reads other directories instead.
 *
 * @param dir      the policies directory
 * @param modules  Rego source by path relative to {@code dir} (test modules excluded), in path order
 * @param sources  what each non-test module declares
 * @param data     the merged data document
 * @param revision {@code sha256:<hex>} over every policy and data file's relative path and bytes
 */
public record PolicyBundle(Path dir, Map<String, String> modules, List<RegoSource> sources, ObjectNode data, String revision) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    public static PolicyBundle load(Path dir) {
        return load(dir, List.of(dir.resolve("data")));
    }

    public static PolicyBundle load(Path dir, List<Path> dataDirs) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyException("policies directory not found: " + dir + " (pass --policies DIR)");
        }
        MessageDigest digest = sha256();
        Map<String, String> modules = new LinkedHashMap<>();
        List<RegoSource> sources = new ArrayList<>();
        for (Path file : files(dir)) {
            String rel = relative(dir, file);
            byte[] bytes = read(file);
            if (!rel.endsWith(".rego")) continue;
            feed(digest, rel, bytes);
            RegoSource source = RegoSource.parse(rel, new String(bytes, StandardCharsets.UTF_8));
            if (source.isTest()) continue;
            modules.put(rel, new String(bytes, StandardCharsets.UTF_8));
            sources.add(source);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        Map<String, String> owners = new LinkedHashMap<>();
        for (Path dataDir : dataDirs) {
            if (!Files.isDirectory(dataDir)) {
                if (dataDir.equals(dir.resolve("data"))) continue;
                throw new PolicyException("data directory not found: " + dataDir);
            }
            for (Path file : files(dataDir)) {
                String name = file.getFileName().toString();
                if (!(name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml"))) continue;
                byte[] bytes = read(file);
                feed(digest, "data:" + relative(dataDir, file), bytes);
                merge(data, parseData(file, bytes), "", file.toString(), owners);
            }
        }
        return new PolicyBundle(dir, modules, List.copyOf(sources), data, "sha256:" + HexFormat.of().formatHex(digest.digest()));
    }

    /** Every policy the METADATA describes, by id; an id described twice is an error naming both places. */
    public Map<String, PolicyInfo> policies() {
        Map<String, PolicyInfo> byId = new LinkedHashMap<>();
        for (RegoSource source : sources) {
            for (PolicyInfo p : source.policies()) {
                PolicyInfo before = byId.putIfAbsent(p.id(), p);
                if (before != null) {
                    throw new PolicyException(p.file() + ":" + p.line() + ": policy id " + p.id() + " is already described at "
                            + before.file() + ":" + before.line());
                }
            }
        }
        return byId;
    }

    /** The short form of the revision reports show: the first 12 hex digits. */
    public String shortRevision() {
        return revision.substring("sha256:".length(), "sha256:".length() + 12);
    }

    private static JsonNode parseData(Path file, byte[] bytes) {
        String name = file.getFileName().toString();
        try {
            JsonNode node = (name.endsWith(".json") ? JSON : YAML).readTree(bytes);
            if (node == null || node.isMissingNode() || node.isNull()) return JsonNodeFactory.instance.objectNode();
            if (!node.isObject()) throw new PolicyException(file + ": a data file must hold one object at the top, not " + node.getNodeType());
            return node;
        } catch (JacksonException e) {
            String at = e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "";
            throw new PolicyException(file + at + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deep-merges {@code from} into {@code into}; a value both set (other than objects, which merge) is a conflict. */
    private static void merge(ObjectNode into, JsonNode from, String path, String file, Map<String, String> owners) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode existing = into.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, e.getValue(), at, file, owners);
            } else if (existing != null) {
                throw new PolicyException(file + ": " + at + " is already set by " + owners.get(at));
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
                markOwner(e.getValue(), at, file, owners);
            }
        }
    }

    private static void markOwner(JsonNode value, String at, String file, Map<String, String> owners) {
        owners.put(at, file);
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> markOwner(e.getValue(), at + "." + e.getKey(), file, owners));
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PolicyException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void feed(MessageDigest digest, String name, byte[] bytes) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
