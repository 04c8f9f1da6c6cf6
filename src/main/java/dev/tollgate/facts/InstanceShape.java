package dev.tollgate.facts;

import java.time.LocalDate;

/**
 * The hardware behind an instance type ({@code instances.csv}). Unknown figures are null, never zero.
 *
 * @param provider     aws, gcp or azure
 * @param instanceType instance type, machine type or VM size
 * @param gpuModel     accelerator as the source names it, or null for CPU-only shapes
 * @param gpuCount     accelerators per instance, null when unknown (partial GPUs)
 * @param gpuMemoryGib total accelerator memory, null when unknown
 * @param vcpus        vCPUs, null when unknown
 * @param memoryGib    RAM, null when unknown
 * @param gpuPower     the power row for one accelerator, or null when no power figure exists for it
 * @param asOf         as-of date of the specification
 * @param source       where the specification comes from
 * @param origin       catalogue file and line
 */
public record InstanceShape(
        String provider,
        String instanceType,
        String gpuModel,
        Integer gpuCount,
        Double gpuMemoryGib,
        Integer vcpus,
        Double memoryGib,
        GpuPower gpuPower,
        LocalDate asOf,
        String source,
        Origin origin) {

    public boolean hasGpus() {
        return gpuModel != null && !gpuModel.isEmpty();
    }

    /** Accelerator board power of the whole instance (count x TDP), or null when either figure is unknown. */
    public Integer gpuWatts() {
        return gpuCount == null || gpuPower == null ? null : gpuCount * gpuPower.tdpWatts();
    }
}
