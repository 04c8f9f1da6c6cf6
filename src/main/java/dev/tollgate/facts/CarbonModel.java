package dev.tollgate.facts;

import java.util.Locale;
import java.util.Optional;

/**
 * Operational carbon of compute, after the Cloud Carbon Footprint method:
 * <pre>
 * watts per node = GPUs x board power x utilisation
 *                + vCPUs x (min W + utilisation x (max W - min W))
 *                + memory GB x memory kWh/GB-hour x 1000
 * kgCO2e/month  = watts x nodes x hours / 1000 x PUE x grid gCO2e/kWh / 1000
 * </pre>
 * Board power is the GPU's TDP from {@code gpus.csv}; CPU watts, memory coefficient and PUE come from
 * {@code energy.csv}, grid intensity from {@code carbon.csv} (latest year). Memory in GiB is counted as GB, as
 * CCF does. Any missing figure makes the result unknown, with the reason; nothing is filled in.
 */
final class CarbonModel {

    private CarbonModel() {}

    /** Either {@code kg} with its basis, or null {@code kg} and the reason in {@code basis}. */
    record Result(Double kg, String basis) {
        static Result unknown(String reason) {
            return new Result(null, reason);
        }
    }

    static Result of(Catalogue c, String provider, String region, String instanceType, double nodes, double hours, double utilization) {
        if (region == null) return Result.unknown("region unknown");
        Optional<InstanceShape> found = c.instance(provider, instanceType);
        if (found.isEmpty()) return Result.unknown("no hardware shape for " + instanceType + " in instances.csv");
        InstanceShape shape = found.get();
        if (shape.vcpus() == null || shape.memoryGib() == null) {
            return Result.unknown("vCPU or memory of " + instanceType + " not in instances.csv");
        }
        double gpuWatts = 0;
        String gpuPart = "";
        if (shape.hasGpus()) {
            if (shape.gpuCount() == null) return Result.unknown("GPU count of " + instanceType + " unknown (" + shape.gpuModel() + ")");
            if (shape.gpuPower() == null) return Result.unknown("no power figure for " + shape.gpuModel() + " (" + instanceType + ") in gpus.csv");
            gpuWatts = shape.gpuCount() * shape.gpuPower().tdpWatts() * utilization;
            gpuPart = shape.gpuCount() + " x " + shape.gpuPower().key() + " " + shape.gpuPower().tdpWatts() + " W x " + pct(utilization) + " + ";
        }
        Optional<GridIntensity> grid = c.gridIntensity(provider, region);
        if (grid.isEmpty()) return Result.unknown("no grid carbon intensity for " + provider + " " + region + " in carbon.csv");
        Optional<EnergyFactor> pue = c.energy(provider, region, EnergyFactor.PUE);
        Optional<EnergyFactor> min = c.energy(provider, region, EnergyFactor.CPU_MIN_WATTS);
        Optional<EnergyFactor> max = c.energy(provider, region, EnergyFactor.CPU_MAX_WATTS);
        Optional<EnergyFactor> mem = c.energy(provider, region, EnergyFactor.MEMORY_KWH_PER_GB_HOUR);
        if (pue.isEmpty() || min.isEmpty() || max.isEmpty() || mem.isEmpty()) {
            return Result.unknown("energy.csv lacks PUE, CPU watts or memory coefficient for " + provider + " " + region);
        }
        double cpuWatts = shape.vcpus() * (min.get().value() + utilization * (max.get().value() - min.get().value()));
        double memoryWatts = shape.memoryGib() * mem.get().value() * 1000;
        double watts = gpuWatts + cpuWatts + memoryWatts;
        double kwh = watts * nodes * hours / 1000 * pue.get().value();
        double kg = kwh * grid.get().gramsPerKwh() / 1000;
        GridIntensity g = grid.get();
        String basis = String.format(Locale.ROOT,
                "%s%d vCPU x (%s + %s x (%s - %s)) W + %s GiB x %s kWh/GB-h = %s W per node; x %s node(s) x %s h x PUE %s x %s gCO2e/kWh (%s %s%s)",
                gpuPart, shape.vcpus(), num(min.get().value()), pct(utilization), num(max.get().value()), num(min.get().value()),
                num(shape.memoryGib()), num(mem.get().value()), num(round(watts, 1)), num(nodes), num(hours), num(pue.get().value()),
                num(g.gramsPerKwh()), provider, region, g.year() != null ? " " + g.year() : "");
        return new Result(round(kg, 3), basis);
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static String pct(double fraction) {
        return num(round(fraction * 100, 2)) + "%";
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
