package dev.tollgate.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a policy's violations do: deny the plan, warn about it, or nothing at all.
 * Each policy's METADATA gives a default; {@code tollgate.yaml} overrides it per stack or environment.
 */
public enum Enforcement {
    MANDATORY, ADVISORY, DISABLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a level as written in METADATA or tollgate.yaml; {@code where} names the file and field for the error. */
    public static Enforcement parse(String text, String where) {
        for (Enforcement e : values()) {
            if (e.id().equals(text)) return e;
        }
        throw new PolicyException(where + ": '" + text + "' is not an enforcement level (mandatory, advisory, disabled)");
    }

    @JsonCreator
    static Enforcement fromJson(String text) {
        return parse(text, "enforcement");
    }
}
