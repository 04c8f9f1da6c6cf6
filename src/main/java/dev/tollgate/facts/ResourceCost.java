package dev.tollgate.facts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The estimate of one plan resource.
 *
 * @param address       resource address (Terraform address or Pulumi URN)
 * @param type          native type
 * @param kind          normalized kind
 * @param action        planned action
 * @param region        the region priced in, or null when unknown
 * @param status        how complete the estimate is
 * @param priceModel    purchase option of the main price, or null
 * @param hourlyUsd     {@code monthlyUsd / 730}: the average hourly cost over a 730-hour month
 * @param monthlyUsd    sum of the components' monthly cost (priced parts only; see {@code unpriced})
 * @param components    the priced lines
 * @param unpriced      why some or all of the resource could not be priced; never guessed around
 * @param carbonKgMonth estimated kgCO2e per month, or null when not estimated
 * @param carbonBasis   how the carbon figure was computed, or why there is none
 * @param assumptions   every default or usage value the estimate relied on
 * @param notes         other remarks (free resource, deleted resource, what is not modelled)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceCost(
        String address,
        String type,
        String kind,
        String action,
        String region,
        Status status,
        String priceModel,
        BigDecimal hourlyUsd,
        BigDecimal monthlyUsd,
        List<Component> components,
        List<String> unpriced,
        Double carbonKgMonth,
        String carbonBasis,
        List<String> assumptions,
        List<String> notes) {

    public ResourceCost {
        hourlyUsd = Decimals.clean(hourlyUsd);
        monthlyUsd = Decimals.clean(monthlyUsd);
        components = List.copyOf(components);
        unpriced = List.copyOf(unpriced);
        assumptions = List.copyOf(assumptions);
        notes = List.copyOf(notes);
    }

    public enum Status {
        /** Every part priced. */
        PRICED,
        /** Some parts priced, others listed in {@code unpriced}. */
        PARTIAL,
        /** Nothing could be priced; {@code unpriced} says why. */
        UNPRICED,
        /** The provider does not charge for it (VPC, subnet, IAM, security group). */
        FREE,
        /** Removed by this plan: costs nothing after apply. */
        DELETED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean hasUnpriced() {
        return !unpriced.isEmpty();
    }
}
