package dev.tollgate.facts;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Monthly cost against a baseline (a prior plan or state), resources matched by address.
 *
 * @param baselineMonthlyUsd total of the baseline
 * @param monthlyUsd         total of this plan
 * @param deltaMonthlyUsd    {@code monthlyUsd - baselineMonthlyUsd}
 * @param resources          one line per address in either plan; unchanged costs included so nothing is hidden
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostDiff(BigDecimal baselineMonthlyUsd, BigDecimal monthlyUsd, BigDecimal deltaMonthlyUsd, List<Line> resources) {

    public CostDiff {
        baselineMonthlyUsd = Decimals.clean(baselineMonthlyUsd);
        monthlyUsd = Decimals.clean(monthlyUsd);
        deltaMonthlyUsd = Decimals.clean(deltaMonthlyUsd);
        resources = List.copyOf(resources);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Line(String address, Change change, BigDecimal baselineMonthlyUsd, BigDecimal monthlyUsd, BigDecimal deltaMonthlyUsd) {
        public Line {
            baselineMonthlyUsd = Decimals.clean(baselineMonthlyUsd);
            monthlyUsd = Decimals.clean(monthlyUsd);
            deltaMonthlyUsd = Decimals.clean(deltaMonthlyUsd);
        }
    }

    public enum Change {
        ADDED, REMOVED, CHANGED, UNCHANGED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
