package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One resource a program registered (or read), exactly as the Pulumi engine would have received it.
 *
 * @param operation            a new or updated resource, or a read of an existing one ({@code Resource.get})
 * @param type                 the Pulumi type token ({@code aws:eks/nodeGroup:NodeGroup})
 * @param name                 the logical name
 * @param urn                  the URN the engine gave it
 * @param id                   the id a read names; null for registrations
 * @param parent               the parent's URN; empty for the stack itself
 * @param custom               a cloud resource (true) or a component (false)
 * @param provider             the explicit provider reference ({@code <providerURN>::<id>}), or empty for the default provider
 * @param dependencies         URNs it depends on: explicit {@code dependsOn} and every resource its inputs came from
 * @param propertyDependencies for each input property, the URNs its value came from
 * @param inputs               the inputs in Pulumi's wire JSON (unknowns as the unknown sentinel, secrets signed)
 * @param protect              the {@code protect} option
 * @param ignoreChanges        the {@code ignoreChanges} option
 * @param packageVersion       the provider package version the SDK asked for, or empty
 * @param outputProperties     the output properties its type declares (what the provider fills in), sorted
 */
public record Registration(
        Operation operation, String type, String name, String urn, String id, String parent, boolean custom,
        String provider, List<String> dependencies, Map<String, List<String>> propertyDependencies, JsonNode inputs,
        boolean protect, List<String> ignoreChanges, String packageVersion, List<String> outputProperties) {

    public enum Operation { REGISTER, READ }

    public Registration {
        dependencies = List.copyOf(dependencies);
        propertyDependencies = Map.copyOf(propertyDependencies);
        ignoreChanges = List.copyOf(ignoreChanges);
        outputProperties = List.copyOf(outputProperties);
    }

    public static final String STACK_TYPE = "pulumi:pulumi:Stack";
    public static final String PROVIDER_TYPE_PREFIX = "pulumi:providers:";

    public boolean isStack() {
        return type.equals(STACK_TYPE);
    }

    public boolean isProvider() {
        return type.startsWith(PROVIDER_TYPE_PREFIX);
    }

    /** The package a type token belongs to: {@code aws} for {@code aws:s3/bucketV2:BucketV2} and {@code pulumi:providers:aws}. */
    public String packageName() {
        if (isProvider()) return type.substring(PROVIDER_TYPE_PREFIX.length());
        var colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(0, colon);
    }

    /** The provider's URN without the id, or null for the default provider. */
    public String providerUrn() {
        if (provider == null || provider.isEmpty()) return null;
        var cut = provider.lastIndexOf("::");
        return cut < 0 ? provider : provider.substring(0, cut);
    }
}
