package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;

/** Calls a registered builtin with ready-made values, as the interpreter would. */
final class Invoke {
    private Invoke() {}

    static Value call(String name, Value... args) {
        BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(name);
        if (e == null) throw new AssertionError("builtin not registered: " + name);
        if (e.arity() != args.length) throw new AssertionError(name + " takes " + e.arity() + " operands, given " + args.length);
        return e.fn().call(BuiltinContext.standalone(), args);
    }
}
