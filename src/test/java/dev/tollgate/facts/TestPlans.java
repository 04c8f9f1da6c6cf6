package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds plans from the model records, the way the Terraform and Pulumi readers will, so the estimator can be
 * tested on its own. Attribute JSON may use single quotes for readability.
 */
final class TestPlans {

    private TestPlans() {}

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    static Builder res(String address, String type) {
        return new Builder(address, type);
    }

    static Plan plan(Resource... resources) {
        return plan(List.of(), resources);
    }

    static Plan plan(List<Edge> edges, Resource... resources) {
        return new Plan(new Source(Source.Tool.TOLLGATE, Source.Format.TOLLGATE_PLAN, null, "1", "test"), "test",
                List.of(resources), edges, Map.of(), Map.of(), List.of(), List.of());
    }

    static final class Builder {
        private final String address;
        private final String type;
        private Resource.Provider provider;
        private String kind = Kinds.OTHER;
        private Resource.Action action = Resource.Action.CREATE;
        private Resource.Mode mode = Resource.Mode.MANAGED;
        private Location location = Location.unknown("no region in the test plan");
        private JsonNode after = json("{}");
        private final Set<String> unknown = new HashSet<>();
        private final Map<String, String> tags = new HashMap<>();

        Builder(String address, String type) {
            this.address = address;
            this.type = type;
            this.provider = type.startsWith("aws") ? Resource.Provider.AWS
                    : type.startsWith("google") || type.startsWith("gcp") ? Resource.Provider.GCP
                    : type.startsWith("azure") ? Resource.Provider.AZURE
                    : type.startsWith("kubernetes") ? Resource.Provider.KUBERNETES : Resource.Provider.OTHER;
        }

        Builder region(String region) {
            location = new Location(region, null, Location.Basis.ATTRIBUTE, "region");
            return this;
        }

        Builder zone(String zone) {
            location = new Location(null, zone, Location.Basis.ATTRIBUTE, "zone");
            return this;
        }

        Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        Builder action(Resource.Action action) {
            this.action = action;
            return this;
        }

        Builder data() {
            this.mode = Resource.Mode.DATA;
            return this;
        }

        Builder after(String json) {
            this.after = json(json);
            return this;
        }

        Builder unknown(String pointer) {
            unknown.add(pointer);
            return this;
        }

        Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        Resource build() {
            String name = address.substring(address.lastIndexOf('.') + 1);
            return new Resource(address, name, mode, provider, type, kind, action, location,
                    null, after, unknown, Set.of(), tags, "", null);
        }
    }

    static List<Edge> edges(String... fromToAttribute) {
        List<Edge> out = new ArrayList<>();
        for (int i = 0; i < fromToAttribute.length; i += 3) {
            out.add(new Edge(fromToAttribute[i], fromToAttribute[i + 1], Edge.Kind.REFERENCE, fromToAttribute[i + 2]));
        }
        return out;
    }
}
