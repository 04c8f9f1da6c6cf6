package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One planned change set, whatever tool produced it. Every reader (Terraform plan/state, Pulumi preview,
 * export, event stream, update plan, Tollgate's own JSON) produces this, and everything downstream
 * (estimator, policies, reports) reads only this.
 *
 * @param source    which tool and format the plan came from
 * @param stack     stack or workspace name, or null when the source does not say
 * @param resources planned resources in source order
 * @param edges     references between resources (see {@link Edge}); navigate them with {@link PlanGraph}
 * @param variables Terraform variables or Pulumi stack config, as given (secrets redacted by the reader)
 * @param outputs   planned outputs; unknown outputs appear in {@code unknowns}
 * @param unknowns  every value not known until apply, plan-wide (resource-level ones are also on the resource)
 * @param notes     things a reader noticed and could not represent (unknown resource types, deferred changes, drift)
 */
public record Plan(
        Source source,
        String stack,
        List<Resource> resources,
        List<Edge> edges,
        Map<String, JsonNode> variables,
        Map<String, JsonNode> outputs,
        List<Unknown> unknowns,
        List<Note> notes) {

    public Plan {
        resources = List.copyOf(resources);
        edges = List.copyOf(edges);
        variables = Map.copyOf(variables);
        outputs = Map.copyOf(outputs);
        unknowns = List.copyOf(unknowns);
        notes = List.copyOf(notes);
    }

    /** A value that will only be known after apply: {@code address} of its resource (or "output.NAME") and the path. */
    public record Unknown(String address, String path) {}

    /** Something a reader wants the user to see, tied to a resource address when there is one. */
    public record Note(Severity severity, String address, String message) {
        public enum Severity { INFO, WARNING }
    }
}
