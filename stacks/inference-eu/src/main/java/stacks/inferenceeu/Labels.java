package stacks.inferenceeu;

import com.pulumi.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five labels every resource carries, read from the stack config under the same names, and the optional
 * {@code sovereignty} label that puts the stack under Tollgate's sovereign-cloud rules.
 */
final class Labels {
    static final List<String> KEYS = List.of("team", "project", "cost-center", "environment", "data-classification");

    private Labels() {}

    static Map<String, String> from(Config config) {
        var labels = new LinkedHashMap<String, String>();
        for (var key : KEYS) labels.put(key, config.require(key));
        config.get("sovereignty").ifPresent(value -> labels.put("sovereignty", value));
        return Map.copyOf(labels);
    }
}
