package dev.tollgate.plan;

/**
 * A directed reference between two resources: {@code from} uses {@code to}.
 * For Terraform, a configuration expression of {@code from} references {@code to} (or depends_on);
 * for Pulumi, {@code from}'s parent, dependency or property dependency is {@code to}.
 *
 * @param from      the address of the resource that refers
 * @param to        the address of the resource referred to
 * @param kind      why the edge exists
 * @param attribute the attribute of {@code from} whose expression holds the reference, or null
 */
public record Edge(String from, String to, Kind kind, String attribute) {

    public enum Kind { REFERENCE, DEPENDS_ON, PARENT, DEPENDENCY, PROPERTY_DEPENDENCY, PROVIDER }
}
