package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calling builtins from tests with arguments written as Rego terms: {@code call("object.get", "{\"a\": 1}", "\"a\"", "0")}. */
final class Calls {
    private Calls() {}

    static Value call(BuiltinContext ctx, String name, String... args) {
        BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(name);
        assertNotNull(e, "no builtin " + name);
        assertEquals(e.arity(), args.length, "arity of " + name);
        Value[] values = new Value[args.length];
        for (int i = 0; i < args.length; i++) values[i] = Values.parseTerm(args[i]);
        return e.fn().call(ctx, values);
    }

    static Value call(String name, String... args) {
        return call(BuiltinContext.standalone(), name, args);
    }

    /** The result equals the term (numbers compare by value). */
    static void assertCall(String expected, String name, String... args) {
        assertEquals(Values.parseTerm(expected), call(name, args), name + " " + String.join(", ", args));
    }

    /** A string result, compared as text. */
    static void assertText(String expected, String name, String... args) {
        assertEquals(Value.str(expected), call(name, args), name + " " + String.join(", ", args));
    }

    static void assertUndefined(String name, String... args) {
        assertEquals(null, call(name, args), name + " " + String.join(", ", args));
    }

    /** Fails with that code and exactly that message (without location). */
    static void assertError(String code, String message, String name, String... args) {
        RegoError e = assertThrows(RegoError.class, () -> call(name, args), name + " " + String.join(", ", args));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(message, e.detail());
    }

    static void assertErrorContains(String fragment, String name, String... args) {
        RegoError e = assertThrows(RegoError.class, () -> call(name, args));
        assertTrue(e.detail().contains(fragment), e.getMessage());
    }

    /** A Rego string literal for a Java string, for building argument terms. */
    static String q(String s) {
        return dev.tollgate.rego.Values.quote(s);
    }
}
