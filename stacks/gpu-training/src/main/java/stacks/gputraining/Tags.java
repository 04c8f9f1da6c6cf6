package stacks.gputraining;

import com.pulumi.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five tags every resource carries, read from the stack config under the same names, and the optional
 * {@code sovereignty} tag that puts the stack under Tollgate's sovereign-cloud rules.
 */
final class Tags {
    static final List<String> KEYS = List.of("team", "project", "cost-center", "environment", "data-classification");

    private Tags() {}

    static Map<String, String> from(Config config) {
        var tags = new LinkedHashMap<String, String>();
        for (var key : KEYS) tags.put(key, config.require(key));
        config.get("sovereignty").ifPresent(value -> tags.put("sovereignty", value));
        return Map.copyOf(tags);
    }
}
