package dev.tollgate.report;

import dev.tollgate.policy.PolicyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files a policy bundle's revision covers, each with its SHA-256: Rego modules by their path in the policies
 * directory, data files as {@code data/<path>}. Comparing two sides names the files a policy change touches.
 */
public final class PolicyFiles {
    private PolicyFiles() {}

    public static Map<String, String> hashes(Path policies, List<Path> dataDirs) {
        Map<String, String> out = new TreeMap<>();
        for (Path f : files(policies)) {
            if (f.getFileName().toString().endsWith(".rego")) out.put(relative(policies, f), sha256(f));
        }
        for (Path dir : dataDirs) {
            if (!Files.isDirectory(dir)) continue;
            for (Path f : files(dir)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    out.put("data/" + relative(dir, f), sha256(f));
                }
            }
        }
        return out;
    }

    /** Files added, removed or edited between two sides, in path order. */
    static List<String> changed(Map<String, String> base, Map<String, String> head) {
        TreeSet<String> all = new TreeSet<>(base.keySet());
        all.addAll(head.keySet());
        List<String> out = new ArrayList<>();
        for (String f : all) {
            String b = base.get(f), h = head.get(f);
            if (b == null) out.add(f + " (added)");
            else if (h == null) out.add(f + " (removed)");
            else if (!b.equals(h)) out.add(f);
        }
        return out;
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(PlanSet.sha256().digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new PolicyException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
