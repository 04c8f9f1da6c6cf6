package dev.tollgate.plan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises machine types that come with GPUs or other ML accelerators, by the providers' naming schemes
 * rather than a price list, so a brand-new size of a known family is still caught.
 * <ul>
 *   <li>AWS: families p*, g*, gr*, trn*, inf*, dl* ({@code p5.48xlarge}, {@code g6e.xlarge}, {@code trn2.48xlarge});
 *       SageMaker's {@code ml.} prefix is ignored.</li>
 *   <li>GCP: accelerator-optimized series a2, a3, a4, a4x, g2 ({@code a3-highgpu-8g}); other series get GPUs only
 *       through an attached accelerator, which the kind catalogue checks separately.</li>
 *   <li>Azure: N-series NC, ND, NV ({@code Standard_ND96isr_H100_v5}); NP (FPGA) is not a GPU.</li>
 * </ul>
 */
public final class GpuTypes {
    private GpuTypes() {}

    private static final Pattern AWS = Pattern.compile("(p|g|gr|trn|inf|dl)\\d[a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern GCP = Pattern.compile("(a2|a3|a4|a4x|g2)-[a-z0-9-]+");
    private static final Pattern AZURE = Pattern.compile("(standard_)?n[cdv][a-z]*\\d+[a-z0-9_]*");

    public static boolean isGpu(String machineType) {
        if (machineType == null || machineType.isBlank()) return false;
        String t = machineType.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("ml.")) t = t.substring(3);
        return AWS.matcher(t).matches() || GCP.matcher(t).matches() || AZURE.matcher(t).matches();
    }
}
