package dev.tollgate.policy;

/**
 * One guardrail as its METADATA annotation describes it.
 *
 * @param id          stable id such as {@code cost.resource_ceiling}; violations name it in {@code policy}
 * @param title       one line for reports
 * @param description what the policy asks for
 * @param enforcement the default level before tollgate.yaml overrides it
 * @param severity    low, medium, high or critical, for reports (SARIF level, sort order)
 * @param remediation the fix hint shown under each violation
 * @param pkg         the Rego package, e.g. {@code tollgate.cost}
 * @param rule        the rule that emits it: violation, deny or warn
 * @param file        the .rego file, relative to the policies directory, with '/' separators
 * @param line        1-based line of the rule head, for SARIF locations
 */
public record PolicyInfo(
        String id,
        String title,
        String description,
        Enforcement enforcement,
        String severity,
        String remediation,
        String pkg,
        String rule,
        String file,
        int line) {

    /**
     * A conftest-style rule without METADATA (a user's own {@code deny contains msg if ...}): the package and rule name
     * make its id, {@code deny}/{@code violation} is mandatory and {@code warn} advisory, as conftest treats them.
     */
    public static PolicyInfo implicit(String pkg, String rule, String file, int line) {
        Enforcement level = rule.startsWith("warn") ? Enforcement.ADVISORY : Enforcement.MANDATORY;
        String id = pkg + "." + rule;
        return new PolicyInfo(id, id, "", level, "medium", "", pkg, rule, file, line);
    }
}
