package dev.tollgate.policy;

import java.util.List;

/** Severity names policies use, least to most severe; reports sort and map to SARIF levels by them. */
public final class Severity {
    private Severity() {}

    public static final List<String> NAMES = List.of("low", "medium", "high", "critical");

    public static boolean isValid(String name) {
        return NAMES.contains(name);
    }

    /** Higher is more severe; unknown names rank lowest. */
    public static int rank(String name) {
        return NAMES.indexOf(name);
    }
}
