package dev.tollgate.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/** The example plans and hand-written test plans, for tests. */
final class Examples {
    private Examples() {}

    static final Path TRAINING_EU = Path.of("examples/terraform/gpu-training-eu/plan.json");
    static final Path INFERENCE_US_LEAK = Path.of("examples/terraform/inference-us-leak/plan.json");
    static final Path MODULE_PROVIDERS = Path.of("src/test/resources/terraform/module-providers.json");
    static final Path PULUMI_PREVIEW = Path.of("src/test/resources/pulumi/preview-gpu.json");

    static Resource resource(Plan plan, String address) {
        return plan.resources().stream().filter(r -> r.address().equals(address)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no resource " + address));
    }

    static List<Resource> ofKind(Plan plan, String kind) {
        return plan.resources().stream().filter(r -> r.kind().equals(kind)).toList();
    }
}
