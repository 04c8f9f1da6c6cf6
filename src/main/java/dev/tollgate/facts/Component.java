package dev.tollgate.facts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;

/**
 * One priced line of a resource: {@code quantity} units at {@code unitPriceUsd} each, per month.
 * {@code monthlyUsd} is exactly {@code quantity x unitPriceUsd}, so anyone can recompute it.
 *
 * @param name            what is being paid for ({@code Instance usage (p5.48xlarge, on_demand)})
 * @param quantity        units per month, in {@code unit}
 * @param unit            the catalogue price's unit ({@code hour}, {@code GB-month}...)
 * @param unitPriceUsd    price per unit after any negotiated discount
 * @param monthlyUsd      quantity x unit price
 * @param priceModel      purchase option of the price
 * @param sku             the catalogue SKU ({@code p5.48xlarge}, {@code ebs/gp3})
 * @param source          where the figure comes from
 * @param asOf            the date the figure was current
 * @param catalogueRow    catalogue file and line of the price row
 * @param discountPercent negotiated discount applied, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Component(
        String name,
        BigDecimal quantity,
        String unit,
        BigDecimal unitPriceUsd,
        BigDecimal monthlyUsd,
        String priceModel,
        String sku,
        String source,
        String asOf,
        String catalogueRow,
        BigDecimal discountPercent) {

    public Component {
        quantity = Decimals.clean(quantity);
        unitPriceUsd = Decimals.clean(unitPriceUsd);
        monthlyUsd = Decimals.clean(monthlyUsd);
        discountPercent = Decimals.clean(discountPercent);
    }
}
