package dev.tollgate.facts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Pricing shared by every kind of compute: instances, node groups, scale sets, node pools. */
final class Compute {

    private Compute() {}

    /**
     * Charges {@code nodes} instances of {@code instanceType} for the month's hours, and their carbon.
     * The component's quantity is instance-hours, so monthly cost is exactly nodes x hours x hourly price.
     */
    static void instances(Pricing p, String label, String instanceType, BigDecimal nodes, PriceModel model) {
        if (p.priceModel == null) p.priceModel = model;
        BigDecimal hours = p.hours();
        p.lookupOne(Catalogue.COMPUTE, instanceType, model).ifPresent(price -> {
            String name = label + " (" + instanceType + ", " + model.id() + ")";
            p.charge(name, nodes.multiply(hours), price);
        });
        if (p.region != null) {
            double utilization = p.usage(UsageKey.UTILIZATION).doubleValue();
            double n = nodes.doubleValue();
            double h = hours.doubleValue();
            p.carbon(p.memo.get(List.of("carbon", p.provider, p.region, instanceType, n, h, utilization),
                    () -> CarbonModel.of(p.catalogue, p.provider, p.region, instanceType, n, h, utilization)));
        } else {
            p.carbon(CarbonModel.Result.unknown("region unknown"));
        }
    }

    /**
     * How many nodes a group runs: the usage file's {@code nodes}, else the desired size, else the minimum.
     * The scaling range is shown so a reader sees what the estimate did not assume.
     */
    static Optional<BigDecimal> groupSize(Pricing p, String desiredName, Double desired, boolean desiredUnknown,
                                          String minName, Double min, Double max) {
        String range = min != null || max != null
                ? " (scales " + (min == null ? "?" : Pricing.plain(BigDecimal.valueOf(min))) + ".." + (max == null ? "?" : Pricing.plain(BigDecimal.valueOf(max))) + ")"
                : "";
        Optional<BigDecimal> fromUsage = p.givenUsage(UsageKey.NODES);
        if (fromUsage.isPresent()) {
            if (!range.isEmpty()) p.assumptions.add("group size from usage, not the plan" + range);
            return fromUsage;
        }
        if (desired != null) {
            p.assumptions.add("priced at " + desiredName + " = " + Pricing.plain(BigDecimal.valueOf(desired)) + range);
            return Optional.of(BigDecimal.valueOf(desired));
        }
        if (min != null) {
            p.assumptions.add((desiredUnknown ? desiredName + " unknown until apply" : desiredName + " not set")
                    + ": priced at " + minName + " = " + Pricing.plain(BigDecimal.valueOf(min)) + range);
            return Optional.of(BigDecimal.valueOf(min));
        }
        p.unpriced("group size " + (desiredUnknown ? "unknown until apply" : "not set") + " (" + desiredName + "); give nodes in a usage file");
        return Optional.empty();
    }

    /** A template launches nothing by itself; what it launches is priced on the group that uses it. */
    static void template(Pricing p) {
        p.free = true;
        p.notes.add("not billed itself: the instances launched from it are priced on the group that uses it");
    }
}
