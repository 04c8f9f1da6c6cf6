package dev.tollgate.pulumi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Pulumi policy pack folder run by Tollgate: {@code PulumiPolicy.yaml} with {@code runtime: tollgate} (a runtime
 * name of its own, so the Pulumi CLI starts {@code pulumi-analyzer-policy-tollgate} instead of a language host),
 * a {@code pom.xml} that brings the Pulumi SDK the analyzer serves gRPC with, and optionally a {@code tollgate.yaml}
 * and a {@code policies} folder.
 */
public record PolicyPack(Path dir, String name, String version, String description) {
    public static final String RUNTIME = "tollgate";

    public static PolicyPack load(Path dir) {
        var file = dir.resolve("PulumiPolicy.yaml");
        if (!Files.isRegularFile(file)) {
            throw new PulumiException(dir + " has no PulumiPolicy.yaml, so it is not a policy pack");
        }
        var root = PulumiProject.read(file);
        var runtime = root.path("runtime").asText(null);
        if (!RUNTIME.equals(runtime)) {
            throw new PulumiException(file + ": runtime is " + (runtime == null ? "missing" : "'" + runtime + "'")
                    + "; a Tollgate pack says `runtime: " + RUNTIME + "`");
        }
        var name = root.path("name").asText(null);
        if (name == null || name.isBlank()) throw new PulumiException(file + ": `name` is missing");
        var version = root.path("version").asText(null);
        if (version == null || version.isBlank()) throw new PulumiException(file + ": `version` is missing");
        return new PolicyPack(dir, name, version, root.path("description").asText(""));
    }
}
