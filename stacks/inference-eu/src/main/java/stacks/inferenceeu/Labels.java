package stacks.inferenceeu;

import com.pulumi.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five labels every resource carries, read from the stack config under the same names. */
final class Labels {
    static final List<String> KEYS = List.of("team", "project", "cost-center", "environment", "data-classification");

    private Labels() {}

    static Map<String, String> from(Config config) {
        var labels = new LinkedHashMap<String, String>();
        for (var key : KEYS) labels.put(key, config.require(key));
        return Map.copyOf(labels);
    }
}
