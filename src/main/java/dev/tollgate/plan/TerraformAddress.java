package dev.tollgate.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting Terraform addresses and references ({@code module.net["eu"].aws_subnet.private[0].id}) into their
 * dot-separated steps, respecting brackets and quoted keys, and stripping instance keys to reach the
 * configuration address that {@code configuration} uses.
 */
final class TerraformAddress {
    private TerraformAddress() {}

    /** Steps separated by dots outside brackets and quotes: {@code module}, {@code net["eu"]}, {@code aws_subnet}, ... */
    static List<String> steps(String address) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < address.length()) cur.append(address.charAt(++i));
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c) {
                case '"' -> { quoted = true; cur.append(c); }
                case '[' -> { depth++; cur.append(c); }
                case ']' -> { depth--; cur.append(c); }
                case '.' -> {
                    if (depth == 0) { out.add(cur.toString()); cur.setLength(0); }
                    else cur.append(c);
                }
                default -> cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The step without its instance key: {@code private[0]} to {@code private}. */
    static String base(String step) {
        int b = step.indexOf('[');
        return b < 0 ? step : step.substring(0, b);
    }

    /** The instance key of a step including brackets ({@code [0]}, {@code ["eu"]}), or null. */
    static String key(String step) {
        int b = step.indexOf('[');
        return b < 0 ? null : step.substring(b);
    }

    /** {@code module.a["x"].module.b[0]} to {@code module.a.module.b}; empty stays empty. */
    static String configModule(String moduleAddress) {
        if (moduleAddress == null || moduleAddress.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        for (String s : steps(moduleAddress)) {
            if (out.length() > 0) out.append('.');
            out.append(base(s));
        }
        return out.toString();
    }

    /** Module instance steps of a module address: {@code module.a["x"].module.b} to [{@code a["x"]}, {@code b}]. */
    static List<String> moduleInstances(String moduleAddress) {
        List<String> out = new ArrayList<>();
        if (moduleAddress == null || moduleAddress.isEmpty()) return out;
        List<String> s = steps(moduleAddress);
        for (int i = 0; i + 1 < s.size(); i += 2) out.add(s.get(i + 1));
        return out;
    }

    /** Names of the modules in a configuration module path: {@code module.a.module.b} to [a, b]. */
    static List<String> moduleNames(String configModule) {
        List<String> out = new ArrayList<>();
        for (String step : moduleInstances(configModule)) out.add(base(step));
        return out;
    }

    static String childModule(String parent, String name) {
        return parent.isEmpty() ? "module." + name : parent + ".module." + name;
    }

    static String parentModule(String module) {
        int i = module.lastIndexOf(".module.");
        return i < 0 ? "" : module.substring(0, i);
    }

    /** Renders a Terraform instance key: a number for count, a quoted string for for_each. */
    static String renderKey(com.fasterxml.jackson.databind.JsonNode index) {
        if (index == null || index.isNull() || index.isMissingNode()) return null;
        if (index.isNumber()) return "[" + index.asText() + "]";
        return "[\"" + index.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
}
