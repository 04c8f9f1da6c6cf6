package dev.tollgate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Finishing steps every reader shares once resources and edges exist. */
final class PlanAssembly {
    private PlanAssembly() {}

    /**
     * Node groups often take their machine type from a launch template (EKS node groups, auto scaling groups):
     * when a node group refers to a launch template with a GPU machine type, it is a GPU node group.
     */
    static List<Resource> upgradeNodeGroupsByLaunchTemplate(List<Resource> resources, List<Edge> edges) {
        KindCatalog catalog = KindCatalog.standard();
        Map<String, Resource> byAddress = new HashMap<>();
        for (Resource r : resources) byAddress.put(r.address(), r);
        Map<String, Boolean> gpuTemplates = new HashMap<>();
        for (Edge e : edges) {
            Resource from = byAddress.get(e.from());
            Resource to = byAddress.get(e.to());
            if (from == null || to == null || !Kinds.COMPUTE_NODE_GROUP.equals(from.kind())
                    || !Kinds.COMPUTE_LAUNCH_TEMPLATE.equals(to.kind())) continue;
            boolean gpu = gpuTemplates.computeIfAbsent(to.address(), a -> {
                KindCatalog.Entry entry = catalog.lookup(to.type());
                return catalog.hasGpu(entry, to.values());
            });
            if (gpu) gpuTemplates.put(from.address(), true);
        }
        if (gpuTemplates.isEmpty()) return resources;
        List<Resource> out = new ArrayList<>(resources.size());
        for (Resource r : resources) {
            boolean upgrade = Kinds.COMPUTE_NODE_GROUP.equals(r.kind()) && gpuTemplates.getOrDefault(r.address(), false);
            out.add(upgrade ? withKind(r, Kinds.COMPUTE_GPU_NODE_GROUP) : r);
        }
        return out;
    }

    static Resource withKind(Resource r, String kind) {
        return new Resource(r.address(), r.name(), r.mode(), r.provider(), r.type(), kind, r.action(), r.location(),
                r.before(), r.after(), r.unknownPaths(), r.sensitivePaths(), r.tags(), r.module(), r.providerConfig());
    }

    /** One note per native type the catalogue does not know, so an unmapped type is visible but not noisy. */
    static List<Plan.Note> unknownTypeNotes(List<Resource> resources) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Resource r : resources) {
            if (Kinds.OTHER.equals(r.kind())) counts.merge(r.type(), 1, Integer::sum);
        }
        List<Plan.Note> notes = new ArrayList<>();
        counts.forEach((type, n) -> notes.add(new Plan.Note(Plan.Note.Severity.INFO, null,
                "unknown resource type " + type + " (" + n + (n == 1 ? " resource" : " resources") + "): kind " + Kinds.OTHER)));
        return notes;
    }
}
