package dev.tollgate.facts;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Expresses what a resource says (GiB of disk, a count of requests, hours running) in the unit of the price it is
 * charged at. GB and GiB are billed alike: providers quote "GB-month" for volumes provisioned in GiB, so 100 GiB
 * is 100 units of a GB-month price. TiB converts to GiB by 1024, as the providers size file systems.
 */
final class Quantities {

    private Quantities() {}

    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

    /** Capacity given in {@code "GB"}, {@code "GiB"} or {@code "TiB"} as units of {@code price}. */
    static BigDecimal storage(BigDecimal amount, String amountUnit, Price price) {
        boolean inTib = amountUnit.equals("TiB") || amountUnit.equals("TB");
        boolean priceTib = price.unit() == Unit.TIB_MONTH;
        if (inTib == priceTib) return amount;
        return inTib ? amount.multiply(KIBI) : amount.divide(KIBI, MathContext.DECIMAL64);
    }

    /** A count of single requests as units of a per-1k/10k/1M request price. */
    static BigDecimal requests(BigDecimal count, Price price) {
        return count.divide(BigDecimal.valueOf(price.unit().requestsPerUnit()), MathContext.DECIMAL64);
    }

    /** Hours as a share of a 730-hour month, for monthly fees that accrue hourly (keys, month-730h prices). */
    static BigDecimal months(BigDecimal hours) {
        return hours.divide(Pricing.HOURS_PER_MONTH, MathContext.DECIMAL64);
    }
}
