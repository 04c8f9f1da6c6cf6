package dev.tollgate.plan;

/**
 * Where a resource will live. Region resolution is part of the model so every policy sees the same answer.
 *
 * @param region  provider region ({@code eu-central-1}, {@code europe-west4}, {@code germanywestcentral}), or null when unknown
 * @param zone    zone when the resource names one, else null
 * @param basis   how the region was found
 * @param detail  the attribute path or provider config that gave it, or the reason it is unknown
 */
public record Location(String region, String zone, Basis basis, String detail) {

    public enum Basis {
        /** The resource's own attribute (region, location, availability_zone, zone). */
        ATTRIBUTE,
        /** The provider configuration the resource uses (Terraform provider_config, explicit Pulumi provider). */
        PROVIDER_CONFIG,
        /** Stack-level config such as Pulumi {@code aws:region}. */
        STACK_CONFIG,
        /** Global resources (IAM, Route 53) have no region by nature. */
        GLOBAL,
        /** Not known until apply, or nothing says. {@code detail} gives the reason. */
        UNKNOWN
    }

    public static Location unknown(String reason) {
        return new Location(null, null, Basis.UNKNOWN, reason);
    }

    public boolean known() {
        return region != null;
    }
}
