package dev.tollgate.facts;

import java.time.LocalDate;

/**
 * One coefficient of the carbon model ({@code energy.csv}): data-centre PUE, CPU watts per vCPU at idle and at
 * full load, and memory energy per GB-hour. Region {@code *} is the provider default; a region row overrides it.
 *
 * @param provider aws, gcp or azure
 * @param region   region id or {@code *}
 * @param factor   one of {@link #FACTORS}
 * @param value    the coefficient
 * @param unit     its unit, fixed per factor
 * @param asOf     as-of date
 * @param source   source
 * @param origin   catalogue file and line
 */
public record EnergyFactor(String provider, String region, String factor, double value, String unit,
                           LocalDate asOf, String source, Origin origin) {

    public static final String PUE = "pue";
    public static final String CPU_MIN_WATTS = "cpu_min_watts";
    public static final String CPU_MAX_WATTS = "cpu_max_watts";
    public static final String MEMORY_KWH_PER_GB_HOUR = "memory_kwh_per_gb_hour";

    /** Factor name to its required unit. */
    public static final java.util.Map<String, String> FACTORS = java.util.Map.of(
            PUE, "ratio",
            CPU_MIN_WATTS, "W/vCPU",
            CPU_MAX_WATTS, "W/vCPU",
            MEMORY_KWH_PER_GB_HOUR, "kWh/GB-hour");
}
