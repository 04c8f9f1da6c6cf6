package dev.tollgate.rego;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads policies and data from files the way {@code opa eval -d} does: {@code .rego} files are modules, and
 * {@code .json}/{@code .yaml} files are data placed at the path of their directory (relative to the directory
 * named on the command line), whatever the file is called.
 */
public final class Loader {
    private Loader() {}

    /** Numbers stay exact: decimals as BigDecimal, large integers as BigInteger. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Loaded(Map<String, String> modules, Value data) {}

    static Loaded load(List<Path> paths) throws IOException {
        Map<String, String> modules = new LinkedHashMap<>();
        Value data = Value.Obj.EMPTY;
        for (Path root : paths) {
            if (!Files.exists(root)) throw new IOException(root + ": no such file or directory");
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(root);
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".rego")) {
                    modules.put(file.toString(), Files.readString(file));
                } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    Value doc = readData(file);
                    Path dir = Files.isDirectory(root) ? root.relativize(file).getParent() : null;
                    List<String> at = new ArrayList<>();
                    if (dir != null) for (Path p : dir) at.add(p.toString());
                    data = merge(data, nest(at, doc), file.toString());
                }
            }
        }
        return new Loaded(modules, data);
    }

    /** Parses a JSON or YAML document, keeping numbers exact; errors name the file and position. */
    public static Value readData(Path file) throws IOException {
        String text = Files.readString(file);
        boolean yaml = !file.getFileName().toString().endsWith(".json");
        try {
            JsonNode node = (yaml ? YAML : JSON).readTree(text);
            return node == null ? Value.Obj.EMPTY : Values.fromJson(node);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
        }
    }

    private static Value nest(List<String> path, Value v) {
        for (int i = path.size() - 1; i >= 0; i--) v = Value.Obj.builder().put(path.get(i), v).build();
        return v;
    }

    /** Deep-merges b into a; two different non-object values at one path are an error naming where. */
    static Value merge(Value a, Value b, String where) {
        if (a instanceof Value.Obj x && b instanceof Value.Obj y) {
            Map<Value, Value> m = new HashMap<>(x.asMap());
            for (Map.Entry<Value, Value> e : y.asMap().entrySet()) {
                Value prev = m.get(e.getKey());
                m.put(e.getKey(), prev == null ? e.getValue() : merge(prev, e.getValue(), where));
            }
            return Value.Obj.wrap(m);
        }
        if (a.equals(b)) return a;
        throw new IllegalArgumentException(where + ": merge error: conflicting values " + a + " and " + b);
    }
}
