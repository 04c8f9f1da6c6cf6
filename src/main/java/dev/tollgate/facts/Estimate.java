package dev.tollgate.facts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The estimate of a whole plan: what goes into the policy input under {@code cost} and out of
 * {@code tollgate cost --format json}. Money is USD; a month is {@value Estimator#HOURS_PER_MONTH} hours.
 *
 * @param currency           always {@code USD}
 * @param hoursPerMonth      the month convention, 730
 * @param totalHourlyUsd     {@code totalMonthlyUsd / 730}
 * @param totalMonthlyUsd    sum over resources of their priced parts
 * @param totalCarbonKgMonth sum of the carbon figures that could be estimated; null when none could
 * @param unpricedCount      resources with at least one unpriced part
 * @param resources          one entry per managed resource, in plan order
 * @param catalogue          per catalogue file, the oldest and newest as-of date
 * @param staleWarnings      figures or files older than the configured age
 * @param diff               cost against a baseline, or null when none was given
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Estimate(
        String currency,
        int hoursPerMonth,
        BigDecimal totalHourlyUsd,
        BigDecimal totalMonthlyUsd,
        Double totalCarbonKgMonth,
        int unpricedCount,
        List<ResourceCost> resources,
        Map<String, CatalogueDates> catalogue,
        List<String> staleWarnings,
        CostDiff diff) {

    public Estimate {
        totalHourlyUsd = Decimals.clean(totalHourlyUsd);
        totalMonthlyUsd = Decimals.clean(totalMonthlyUsd);
        resources = List.copyOf(resources);
        catalogue = Map.copyOf(catalogue);
        staleWarnings = List.copyOf(staleWarnings);
    }

    /** As-of range of one catalogue file, as recorded in the decision log. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CatalogueDates(String oldest, String newest, int rows) {}

    // Exact decimals: the default node factory strips trailing zeros into exponent form (1.46E+3).
    static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** The estimate as a JSON tree with snake_case names, ready for the policy input. */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    public ResourceCost resource(String address) {
        return resources.stream().filter(r -> r.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + address + " in the estimate"));
    }
}
