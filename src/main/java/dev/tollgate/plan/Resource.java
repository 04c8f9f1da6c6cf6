package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * One planned resource, normalized.
 *
 * @param address        Terraform address ({@code module.net.aws_subnet.private[0]}) or Pulumi URN
 * @param name           the resource's own name (Terraform name, Pulumi logical name)
 * @param mode           managed resource or data source
 * @param provider       cloud family, for policies that care (AWS, GCP, ...)
 * @param type           the tool's native type ({@code aws_eks_node_group}, {@code aws:eks/nodeGroup:NodeGroup})
 * @param kind           normalized kind such as {@code compute.gpu_node_group}; see {@link Kinds}
 * @param action         what apply will do
 * @param location       region and zone with how they were found; never a silent default
 * @param before         values before the change (null when creating)
 * @param after          values after the change, known parts only (null when deleting)
 * @param unknownPaths   paths in {@code after} only known after apply, as JSON pointers ({@code /tags/owner})
 * @param sensitivePaths paths in before/after marked sensitive, as JSON pointers
 * @param tags           tags or labels after the change (merged with provider default tags where the plan says)
 * @param module         module path ({@code module.net}) or Pulumi parent URN; empty for the root
 * @param providerConfig the provider configuration used ({@code aws.eu}, {@code module.net:aws}, a Pulumi provider URN)
 */
public record Resource(
        String address,
        String name,
        Mode mode,
        Provider provider,
        String type,
        String kind,
        Action action,
        Location location,
        JsonNode before,
        JsonNode after,
        Set<String> unknownPaths,
        Set<String> sensitivePaths,
        Map<String, String> tags,
        String module,
        String providerConfig) {

    public Resource {
        unknownPaths = Set.copyOf(unknownPaths);
        sensitivePaths = Set.copyOf(sensitivePaths);
        tags = Map.copyOf(tags);
    }

    public enum Mode { MANAGED, DATA }

    public enum Provider {
        AWS, GCP, AZURE, KUBERNETES, OTHER;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public enum Action {
        CREATE, UPDATE, DELETE, REPLACE, READ, NO_OP;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    /** The values that will exist after apply: {@code after}, or {@code before} for a delete/no-op read. */
    public JsonNode values() {
        return after != null && !after.isNull() ? after : before;
    }
}
