package dev.tollgate.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens, as SHA-256 hashes only: the service never holds a token it could leak. Read from a file and/or
 * the {@code TOLLGATE_TOKENS} environment variable, both in this shape:
 * <pre>
 * tokens:
 *   - name: ci-gpu-training
 *     sha256: 3c9e…            # tollgate token prints a new token with this line
 *     stacks: ["gpu-training-*"]
 * </pre>
 */
public final class Tokens {

    public static final String ENV = "TOLLGATE_TOKENS";

    private record Entry(String name, byte[] hash, List<String> stacks) {}

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Tokens none() {
        return new Tokens(List.of());
    }

    public static Tokens load(Path file, String envValue) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (file != null) {
            try {
                parse(file.toString(), Files.readString(file), entries, names);
            } catch (IOException e) {
                throw new ConfigException("cannot read tokens file " + file + ": " + e.getMessage(), e);
            }
        }
        if (envValue != null && !envValue.isBlank()) parse(ENV, envValue, entries, names);
        return new Tokens(entries);
    }

    private static void parse(String source, String text, List<Entry> into, Set<String> names) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("tokens").isArray()) {
            throw new ConfigException(source + ": expected a mapping with a 'tokens' list");
        }
        JsonNode list = root.get("tokens");
        for (int i = 0; i < list.size(); i++) {
            ConfigFields t = new ConfigFields(source, "tokens[" + i + "].", list.get(i), Path.of("."));
            t.only("name", "sha256", "stacks");
            String name = t.text("name", null);
            if (name == null || name.isBlank()) throw new ConfigException(t.where("name") + ": required");
            if (!names.add(name)) throw new ConfigException(t.where("name") + ": token name '" + name + "' is used twice");
            String hash = t.text("sha256", "");
            if (!hash.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException(t.where("sha256") + ": must be the 64 hex digits of the token's SHA-256 (never the token itself)");
            }
            List<String> stacks = t.strings("stacks", null);
            if (stacks == null || stacks.isEmpty()) throw new ConfigException(t.where("stacks") + ": required: the stacks this token may use (\"*\" for all)");
            into.add(new Entry(name, HexFormat.of().parseHex(hash.toLowerCase()), stacks));
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The caller a presented token belongs to; every entry is compared so timing says nothing about which matched. */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token);
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), presented)) match = e;
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), "bearer", match.stacks()));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
