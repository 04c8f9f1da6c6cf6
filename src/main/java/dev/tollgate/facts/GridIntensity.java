package dev.tollgate.facts;

import java.time.LocalDate;

/**
 * Carbon intensity of the electricity grid a region draws from ({@code carbon.csv}).
 *
 * @param provider       aws, gcp or azure
 * @param region         region id
 * @param year           data year, or null when the source gives none (CCF factors)
 * @param gramsPerKwh    grid emission factor, gCO2e per kWh
 * @param cfePercent     carbon-free energy share, or null
 * @param asOf           as-of date
 * @param source         source
 * @param origin         catalogue file and line
 */
public record GridIntensity(String provider, String region, Integer year, double gramsPerKwh, Double cfePercent,
                            LocalDate asOf, String source, Origin origin) {}
