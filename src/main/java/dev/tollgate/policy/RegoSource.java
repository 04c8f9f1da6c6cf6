package dev.tollgate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the decision engine needs to know about one .rego file before evaluating it: its package, the
 * conftest-style rules it declares ({@code violation}, {@code deny}, {@code warn} and their {@code _suffix} forms)
 * and the policies its {@code # METADATA} blocks describe.
 *
 * <p>This reads comments and rule heads only; the Rego evaluator compiles the code. OPA's annotation syntax is YAML
 * in comment lines right above the rule it describes, so the comment block is handed to a YAML parser.
 */
public record RegoSource(String file, String pkg, Set<String> rules, List<PolicyInfo> policies) {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([A-Za-z_][A-Za-z0-9_.]*)");
    /** A set rule's head: {@code deny contains msg if}, {@code deny[msg] {}; not a function such as {@code violation(x) :=}. */
    private static final Pattern RULE = Pattern.compile("^((?:violation|deny|warn)(?:_[A-Za-z0-9_]+)?)\\s*(?:contains\\b|\\[|:=|=|if\\b|\\{)");
    private static final YAMLMapper YAML = new YAMLMapper();

    public static RegoSource parse(String file, String text) {
        String[] lines = text.split("\r?\n", -1);
        String pkg = null;
        Set<String> rules = new LinkedHashSet<>();
        List<PolicyInfo> policies = new ArrayList<>();
        JsonNode pending = null;
        int pendingLine = 0;

        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().equals("# METADATA")) {
                StringBuilder yaml = new StringBuilder();
                int start = i + 1;
                while (i + 1 < lines.length && lines[i + 1].startsWith("#")) {
                    String body = lines[++i].substring(1);
                    yaml.append(body.startsWith(" ") ? body.substring(1) : body).append('\n');
                }
                pending = annotation(file, start, yaml.toString());
                pendingLine = start;
                continue;
            }
            Matcher p = PACKAGE.matcher(line);
            if (p.find()) {
                pkg = p.group(1);
                pending = null;
                continue;
            }
            Matcher r = RULE.matcher(line);
            if (r.find()) {
                if (pkg == null) throw new PolicyException(file + ":" + (i + 1) + ": rule before any package declaration");
                rules.add(r.group(1));
                if (pending != null) policies.add(policy(file, pendingLine, pending, pkg, r.group(1), i + 1));
                pending = null;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                pending = null;
            }
        }
        if (pkg == null) throw new PolicyException(file + ": no package declaration");
        return new RegoSource(file, pkg, Set.copyOf(rules), List.copyOf(policies));
    }

    /** The file is a test module: it is run by {@code rego test}, never evaluated as a guardrail. */
    public boolean isTest() {
        return file.endsWith("_test.rego");
    }

    private static JsonNode annotation(String file, int line, String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || !node.isObject()) {
                throw new PolicyException(file + ":" + line + ": METADATA block is not a YAML mapping");
            }
            return node;
        } catch (JacksonException e) {
            int at = e.getLocation() != null ? line + e.getLocation().getLineNr() - 1 : line;
            throw new PolicyException(file + ":" + at + ": METADATA block is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The policy an annotated rule defines. With {@code custom.id} every field is required, so the library's
     * reports never miss a title or fix hint; without it (a conftest rule with a title) the implicit id and level
     * apply and the annotation only adds text.
     */
    private static PolicyInfo policy(String file, int metaLine, JsonNode meta, String pkg, String rule, int line) {
        JsonNode custom = meta.path("custom");
        if (!custom.has("id")) {
            PolicyInfo implicit = PolicyInfo.implicit(pkg, rule, file, line);
            return new PolicyInfo(implicit.id(), meta.path("title").asText(implicit.title()), meta.path("description").asText(""),
                    implicit.enforcement(), implicit.severity(), custom.path("remediation").asText(""), pkg, rule, file, line);
        }
        String where = file + ":" + metaLine;
        String id = custom.get("id").asText();
        String severity = required(custom, "severity", where + ": custom.");
        if (!Severity.isValid(severity)) {
            throw new PolicyException(where + ": custom.severity: '" + severity + "' is not one of " + Severity.NAMES);
        }
        return new PolicyInfo(
                id,
                required(meta, "title", where + ": "),
                required(meta, "description", where + ": ").strip(),
                Enforcement.parse(required(custom, "enforcement", where + ": custom."), where + ": custom.enforcement"),
                severity,
                required(custom, "remediation", where + ": custom."),
                pkg, rule, file, line);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new PolicyException(where + field + " is required for a policy with custom.id");
        }
        return v.asText();
    }
}
