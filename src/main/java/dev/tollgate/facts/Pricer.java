package dev.tollgate.facts;

/** Prices one native resource type: reads its attributes from the {@link Pricing} and adds components to it. */
@FunctionalInterface
interface Pricer {
    void price(Pricing p);
}
