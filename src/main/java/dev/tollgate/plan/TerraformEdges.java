package dev.tollgate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edges between Terraform resources: configuration references and depends_on resolved to plan instances, or a
 * state's recorded depends_on.
 */
final class TerraformEdges {
    private TerraformEdges() {}

    /** Plan resources grouped by (configuration module, configuration address), to turn references into edges. */
    private static final class Instances {
        private final Map<String, List<TerraformReader.Change>> byConfig = new HashMap<>();

        Instances(List<TerraformReader.Change> changes) {
            for (TerraformReader.Change c : changes) {
                byConfig.computeIfAbsent(c.configModule() + "|" + TerraformReader.configAddress(c), k -> new ArrayList<>()).add(c);
            }
        }

        List<TerraformReader.Change> of(String module, String address) {
            return byConfig.getOrDefault(module + "|" + address, List.of());
        }
    }

    /**
     * Configuration references become edges between plan resources. A reference to a counted resource links to
     * every instance (or to the one instance the reference names); instances are matched within the same module
     * instance, so {@code module.a["x"]} never links into {@code module.a["y"]}.
     */
    static List<Edge> fromConfiguration(List<TerraformReader.Change> changes, TerraformConfig config) {
        Instances instances = new Instances(changes);
        // Most references stay inside one module instance: look those up by instance path directly.
        Map<String, List<TerraformReader.Change>> sameInstance = new HashMap<>();
        Map<String, List<TerraformReader.Change>> byModule = new HashMap<>();
        for (TerraformReader.Change c : changes) {
            sameInstance.computeIfAbsent(c.module() + "|" + TerraformReader.configAddress(c), k -> new ArrayList<>()).add(c);
            for (String prefix = c.configModule(); ; prefix = TerraformAddress.parentModule(prefix)) {
                byModule.computeIfAbsent(prefix, k -> new ArrayList<>()).add(c);
                if (prefix.isEmpty()) break;
            }
        }
        Set<Edge> edges = new LinkedHashSet<>();
        for (TerraformReader.Change from : changes) {
            String module = from.configModule();
            List<String> fromInstances = null;
            for (TerraformConfig.Reference ref : config.references(module, TerraformReader.configAddress(from))) {
                boolean local = ref.target() != null && ref.target().module().equals(module);
                List<TerraformReader.Change> targets;
                String targetModule;
                if (ref.wholeModule() != null) {
                    targetModule = ref.wholeModule();
                    targets = byModule.getOrDefault(targetModule, List.of());
                } else if (local) {
                    targetModule = module;
                    targets = sameInstance.getOrDefault(from.module() + "|" + ref.target().address(), List.of());
                } else {
                    targetModule = ref.target().module();
                    targets = instances.of(targetModule, ref.target().address());
                }
                for (TerraformReader.Change to : targets) {
                    if (to == from) continue;
                    if (ref.target() != null && ref.target().key() != null && !ref.target().key().equals(to.key())) continue;
                    if (!local) {
                        if (fromInstances == null) fromInstances = TerraformAddress.moduleInstances(from.module());
                        if (!sameModuleInstances(fromInstances, module, TerraformAddress.moduleInstances(to.module()), targetModule)) continue;
                    }
                    edges.add(new Edge(from.address(), to.address(), ref.kind(), ref.attribute()));
                }
            }
        }
        return List.copyOf(edges);
    }

    /** Two instances are in the same module instance as far as their configuration module paths are shared. */
    private static boolean sameModuleInstances(List<String> a, String aModule, List<String> b, String bModule) {
        List<String> an = TerraformAddress.moduleNames(aModule);
        List<String> bn = TerraformAddress.moduleNames(bModule);
        for (int i = 0; i < Math.min(an.size(), bn.size()) && an.get(i).equals(bn.get(i)); i++) {
            if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) return false;
        }
        return true;
    }

    /** State records depends_on (absolute configuration addresses) instead of a configuration section. */
    static Plan withStateDependencies(Plan plan, List<TerraformReader.Change> changes, Map<String, List<String>> dependsOn) {
        if (dependsOn.isEmpty()) return plan;
        Instances instances = new Instances(changes);
        Set<Edge> edges = new LinkedHashSet<>(plan.edges());
        for (TerraformReader.Change c : changes) {
            for (String dep : dependsOn.getOrDefault(c.address(), List.of())) {
                String depModule = TerraformReader.moduleOf(dep);
                String rest = depModule.isEmpty() ? dep : dep.substring(depModule.length() + 1);
                String configModule = TerraformAddress.configModule(depModule);
                List<String> steps = TerraformAddress.steps(rest);
                String configAddress = steps.get(0).equals("data") && steps.size() > 2
                        ? "data." + steps.get(1) + "." + TerraformAddress.base(steps.get(2))
                        : steps.size() > 1 ? steps.get(0) + "." + TerraformAddress.base(steps.get(1)) : rest;
                if (instances.of(configModule, configAddress).isEmpty()) {
                    // Some Terraform versions write module-relative addresses here.
                    configModule = TerraformAddress.configModule(c.module());
                }
                for (TerraformReader.Change target : instances.of(configModule, configAddress)) {
                    if (!target.address().equals(c.address())) {
                        edges.add(new Edge(c.address(), target.address(), Edge.Kind.DEPENDS_ON, null));
                    }
                }
            }
        }
        return new Plan(plan.source(), plan.stack(), plan.resources(), List.copyOf(edges), plan.variables(),
                plan.outputs(), plan.unknowns(), plan.notes());
    }
}
