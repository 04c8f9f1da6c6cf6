package dev.tollgate.server;

import dev.tollgate.policy.Glob;

import java.util.List;

/**
 * Who is asking: a bearer token's or webhook's name and the stacks it may submit or read (globs).
 *
 * @param via how it proved who it is: bearer, hmac, or none (an open service on loopback)
 */
public record Caller(String name, String via, List<String> stacks) {

    /** Everyone, on a service with no credentials configured (which then serves loopback only). */
    public static final Caller ANONYMOUS = new Caller("anonymous", "none", List.of("*"));

    public boolean mayUse(String stack) {
        return stacks.stream().anyMatch(g -> Glob.of(g).matches(stack));
    }

    /** True when no stack is out of reach: listing decisions needs no filter. */
    public boolean allStacks() {
        return stacks.contains("*");
    }
}
