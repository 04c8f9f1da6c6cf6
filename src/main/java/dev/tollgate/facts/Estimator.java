package dev.tollgate.facts;

import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prices every resource of a plan from a {@link Catalogue} and a {@link Usage} file.
 * <p>
 * Conventions: money is USD and nothing is converted; a month is {@value #HOURS_PER_MONTH} hours (365 x 24 / 12,
 * the convention of AWS, GCP and Azure price pages); a resource's hourly cost is its monthly cost / 730. Where a
 * price is missing the resource says so ({@link ResourceCost#unpriced()}) and nothing is guessed; every default
 * the estimate leans on is listed in its assumptions.
 * <p>
 * Thread-safe: an estimator holds only immutable inputs, so one instance may serve concurrent requests.
 */
public final class Estimator {

    public static final int HOURS_PER_MONTH = 730;

    private final Catalogue catalogue;
    private final Usage usage;
    private final Clock clock;
    private final Period maxAge;

    public Estimator(Catalogue catalogue) {
        this(catalogue, Usage.none(), Clock.systemUTC(), Catalogue.DEFAULT_MAX_AGE);
    }

    /**
     * @param clock  the date staleness is measured against
     * @param maxAge figures older than this are reported as stale
     */
    public Estimator(Catalogue catalogue, Usage usage, Clock clock, Period maxAge) {
        this.catalogue = catalogue;
        this.usage = usage;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Estimate estimate(Plan plan) {
        return estimate(plan, null);
    }

    /** The estimate of {@code plan}, with a cost diff against {@code baseline} when one is given. */
    public Estimate estimate(Plan plan, Plan baseline) {
        Set<Price> usedFigures = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<ResourceCost> costs = price(plan, usedFigures);

        BigDecimal monthly = BigDecimal.ZERO;
        Double carbon = null;
        int unpriced = 0;
        for (ResourceCost c : costs) {
            monthly = monthly.add(c.monthlyUsd());
            if (c.carbonKgMonth() != null) carbon = (carbon == null ? 0 : carbon) + c.carbonKgMonth();
            if (c.hasUnpriced()) unpriced++;
        }

        Map<String, Estimate.CatalogueDates> dates = new LinkedHashMap<>();
        catalogue.asOf().forEach((file, a) -> {
            if (a.rows() > 0) dates.put(file, new Estimate.CatalogueDates(a.oldest().toString(), a.newest().toString(), a.rows()));
        });
        List<String> stale = new ArrayList<>(catalogue.staleFiles(clock, maxAge));
        stale.addAll(staleFigures(usedFigures));

        CostDiff diff = baseline == null ? null : diff(price(baseline, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())), costs);
        return new Estimate("USD", HOURS_PER_MONTH, hourly(monthly), monthly, carbon == null ? null : CarbonModel.round(carbon, 3), unpriced,
                costs, dates, stale, diff);
    }

    private List<ResourceCost> price(Plan plan, Set<Price> usedFigures) {
        PlanIndex index = new PlanIndex(plan);
        Memo memo = new Memo();
        List<ResourceCost> out = new ArrayList<>(plan.resources().size());
        for (Resource r : plan.resources()) {
            if (r.mode() == Resource.Mode.DATA) continue; // data sources are reads, never billed
            out.add(price(r, index, usedFigures, memo));
        }
        return out;
    }

    private ResourceCost price(Resource r, PlanIndex index, Set<Price> usedFigures, Memo memo) {
        String provider = r.provider().id();
        String region = null;
        String regionUnknown = null;
        var loc = r.location();
        if (loc != null && loc.region() != null) {
            region = RegionNames.canonical(provider, loc.region());
        } else if (loc != null && loc.zone() != null) {
            region = RegionNames.regionOfZone(provider, loc.zone()).orElse(null);
            if (region == null) regionUnknown = "region unknown: zone '" + loc.zone() + "' does not name its region";
        } else {
            regionUnknown = "region unknown" + (loc != null && loc.detail() != null ? ": " + loc.detail() : "");
        }

        Resource cluster = null;
        if (region == null) {
            cluster = index.clusterWithRegion(r.address()).orElse(null);
            if (cluster != null) region = RegionNames.canonical(provider, cluster.location().region());
        }
        Pricing p = new Pricing(r, usage.forAddress(r.address()), catalogue, index, region, regionUnknown, memo);
        if (cluster != null) p.assumptions.add("region " + region + " from its cluster " + cluster.address());
        if (r.action() == Resource.Action.DELETE) {
            p.notes.add("deleted by this plan: costs nothing after apply");
            return result(p, ResourceCost.Status.DELETED);
        }
        Pricer pricer = Pricers.forType(r.type());
        if (pricer != null) {
            pricer.price(p);
            if (!p.free) DataTransfer.apply(p);
        } else if (Pricers.isFree(r)) {
            p.free = true;
        } else if (Pricers.runsOnPricedNodes(r)) {
            p.free = true;
            p.notes.add("runs on cluster nodes, which are priced as their node groups");
        } else {
            p.unpriced("resource type " + r.type() + " is not priced by Tollgate");
        }
        usedFigures.addAll(p.usedFigures);
        if (p.free) {
            boolean meta = r.kind().equals(Kinds.META_PROVIDER) || r.kind().equals(Kinds.META_STACK);
            if (p.notes.isEmpty()) p.notes.add(meta ? "not a cloud resource: " + r.kind() : "free: the provider does not charge for " + r.type());
            return result(p, ResourceCost.Status.FREE);
        }
        ResourceCost.Status status = p.unpriced.isEmpty() ? ResourceCost.Status.PRICED
                : p.components.isEmpty() ? ResourceCost.Status.UNPRICED : ResourceCost.Status.PARTIAL;
        return result(p, status);
    }

    private static ResourceCost result(Pricing p, ResourceCost.Status status) {
        BigDecimal monthly = BigDecimal.ZERO;
        for (Component c : p.components) monthly = monthly.add(c.monthlyUsd());
        Double kg = null;
        String basis = null;
        if (p.carbonApplies && status != ResourceCost.Status.DELETED) {
            if (p.carbonKg == null) {
                basis = "not estimated: " + p.carbonUnknown;
            } else {
                kg = CarbonModel.round(p.carbonKg, 3);
                basis = String.join("; ", p.carbonBasis);
            }
        }
        Resource r = p.resource;
        return new ResourceCost(r.address(), r.type(), r.kind(), r.action().id(), p.region, status,
                p.priceModel == null ? null : p.priceModel.id(), hourly(monthly), monthly, p.components,
                List.copyOf(p.unpriced), kg, basis, List.copyOf(p.assumptions), List.copyOf(p.notes));
    }

    static BigDecimal hourly(BigDecimal monthly) {
        return monthly.divide(Pricing.HOURS_PER_MONTH, MathContext.DECIMAL64).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private List<String> staleFigures(Set<Price> usedFigures) {
        LocalDate today = LocalDate.now(clock);
        LocalDate limit = today.minus(maxAge);
        List<Price> old = new ArrayList<>();
        for (Price p : usedFigures) if (p.asOf().isBefore(limit)) old.add(p);
        // Catalogue order, so the warnings read the same on every run.
        old.sort(java.util.Comparator.comparing((Price p) -> p.origin().file()).thenComparingInt(p -> p.origin().line()));
        List<String> out = new ArrayList<>(old.size());
        for (Price p : old) {
            out.add("price " + p.skuName() + " " + p.region() + " (" + p.origin() + ") is from " + p.asOf() + ", "
                    + ChronoUnit.DAYS.between(p.asOf(), today) + " days ago (limit " + maxAge.getDays() + " days)");
        }
        return out;
    }

    private static CostDiff diff(List<ResourceCost> baseline, List<ResourceCost> current) {
        Map<String, ResourceCost> before = new LinkedHashMap<>();
        for (ResourceCost c : baseline) before.put(c.address(), c);
        List<CostDiff.Line> lines = new ArrayList<>();
        BigDecimal beforeTotal = BigDecimal.ZERO;
        BigDecimal afterTotal = BigDecimal.ZERO;
        for (ResourceCost c : current) {
            ResourceCost b = before.remove(c.address());
            BigDecimal old = Optional.ofNullable(b).map(ResourceCost::monthlyUsd).orElse(BigDecimal.ZERO);
            CostDiff.Change change = b == null ? CostDiff.Change.ADDED
                    : old.compareTo(c.monthlyUsd()) == 0 ? CostDiff.Change.UNCHANGED : CostDiff.Change.CHANGED;
            if (c.status() == ResourceCost.Status.DELETED && b != null) change = CostDiff.Change.REMOVED;
            lines.add(new CostDiff.Line(c.address(), change, old, c.monthlyUsd(), c.monthlyUsd().subtract(old)));
            beforeTotal = beforeTotal.add(old);
            afterTotal = afterTotal.add(c.monthlyUsd());
        }
        for (ResourceCost b : before.values()) {
            lines.add(new CostDiff.Line(b.address(), CostDiff.Change.REMOVED, b.monthlyUsd(), BigDecimal.ZERO, b.monthlyUsd().negate()));
            beforeTotal = beforeTotal.add(b.monthlyUsd());
        }
        return new CostDiff(beforeTotal, afterTotal, afterTotal.subtract(beforeTotal), lines);
    }
}
