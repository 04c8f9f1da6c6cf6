package stacks.sovereignde;

import com.pulumi.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five tags every resource carries, read from the stack config under the same names. */
final class Tags {
    static final List<String> KEYS = List.of("team", "project", "cost-center", "environment", "data-classification");

    private Tags() {}

    static Map<String, String> from(Config config) {
        var tags = new LinkedHashMap<String, String>();
        for (var key : KEYS) tags.put(key, config.require(key));
        return Map.copyOf(tags);
    }
}
