package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;

/** Builtins of this family; see the registry for how families are put together. */
public final class Collections implements BuiltinRegistry.Family {
    @Override
    public void register(BuiltinRegistry registry) {
    }
}
