package dev.tollgate.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A negotiated discount ({@code discounts.csv}, usually only in a user's catalogue directory): a percentage off
 * every price it matches. {@code service}, {@code sku}, {@code region} and {@code price_model} may be {@code *};
 * {@code sku} and {@code region} may use {@code *} as a wildcard inside ({@code p5*}, {@code eu-*}).
 * The first matching row in file order wins, user directories before the bundled file.
 */
public record Discount(String provider, String service, String sku, String region, String priceModel,
                       BigDecimal percent, LocalDate asOf, String source, Origin origin) {

    public boolean matches(Price p) {
        return provider.equals(p.provider())
                && glob(service, p.service())
                && glob(sku, p.sku())
                && glob(region, p.region())
                && ("*".equals(priceModel) || priceModel.equals(p.model().id()));
    }

    /** The price after this discount. */
    public BigDecimal apply(BigDecimal amount) {
        return amount.multiply(BigDecimal.ONE.subtract(percent.movePointLeft(2)));
    }

    private static boolean glob(String pattern, String value) {
        return "*".equals(pattern) || Glob.matches(pattern, value);
    }
}
