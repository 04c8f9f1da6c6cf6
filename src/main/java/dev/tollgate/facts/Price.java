package dev.tollgate.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One catalogue price row ({@code prices.csv}).
 *
 * @param provider    aws, gcp or azure
 * @param service     {@code compute} for instance types, else the service ({@code ebs}, {@code s3}, {@code nat-gateway}...)
 * @param sku         instance type for compute, else the catalogue's SKU id within the service ({@code gp3}, {@code STANDARD})
 * @param region      provider region the price applies to
 * @param model       purchase option
 * @param unit        what one unit of {@code amount} buys
 * @param amount      price per unit, in {@code currency}; always positive
 * @param currency    ISO 4217 code as the source printed it; only USD is summed, nothing is converted
 * @param tierStart   where a volume tier starts (in units), or null when the price is not tiered
 * @param tierEnd     where it ends, or null for "and above"
 * @param description the source's own label for the SKU, when it differs from the id
 * @param asOf        the date the figure is known to have been current at its source
 * @param source      where the figure comes from (repository:path@commit or URL)
 * @param origin      catalogue file and line
 */
public record Price(
        String provider,
        String service,
        String sku,
        String region,
        PriceModel model,
        Unit unit,
        BigDecimal amount,
        String currency,
        BigDecimal tierStart,
        BigDecimal tierEnd,
        String description,
        LocalDate asOf,
        String source,
        Origin origin) {

    public boolean usd() {
        return "USD".equals(currency);
    }

    /** The SKU as one would name it to a user: {@code ebs/gp3}, or just the instance type for compute. */
    public String skuName() {
        return Catalogue.COMPUTE.equals(service) ? sku : service + "/" + sku;
    }
}
