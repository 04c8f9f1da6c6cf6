package dev.tollgate.facts;

import dev.tollgate.plan.Resource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The estimate of one resource while it is being worked out: what the pricer has charged, what it could not
 * price and why, and every assumption made on the way. Not shared between threads.
 */
final class Pricing {

    /** Tag (or label) that selects a reserved or committed price model, e.g. {@code tollgate:price-model = cud_1y}. */
    static final String PRICE_MODEL_TAG = "tollgate:price-model";

    static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(Estimator.HOURS_PER_MONTH);

    final Resource resource;
    final Attrs attrs;
    final Usage.Entry usage;
    final Catalogue catalogue;
    final PlanIndex plan;
    final String provider;
    final String region;
    private final String regionUnknown;

    final List<Component> components = new ArrayList<>();
    final Set<String> unpriced = new LinkedHashSet<>();
    final Set<String> assumptions = new LinkedHashSet<>();
    final Set<String> notes = new LinkedHashSet<>();
    /** Prices charged, for the stale-figure check; identity is enough, every row is one object. */
    final Set<Price> usedFigures = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    final Memo memo;
    private final Set<UsageKey> announced = EnumSet.noneOf(UsageKey.class);

    PriceModel priceModel;
    boolean free;

    /** Carbon of the compute parts, summed; null once any part cannot be estimated. */
    Double carbonKg = 0.0;
    final List<String> carbonBasis = new ArrayList<>();
    String carbonUnknown;
    boolean carbonApplies;

    Pricing(Resource resource, Usage.Entry usage, Catalogue catalogue, PlanIndex plan, String region, String regionUnknown, Memo memo) {
        this.memo = memo;
        this.resource = resource;
        this.attrs = new Attrs(resource.values(), resource.unknownPaths());
        this.usage = usage;
        this.catalogue = catalogue;
        this.plan = plan;
        this.provider = resource.provider().id();
        this.region = region;
        this.regionUnknown = regionUnknown;
    }

    // ---- reading the resource ----

    /** A required text attribute; records why it is missing (unset, or known only after apply). */
    Optional<String> requireText(String what, String... paths) {
        Attrs.Found f = attrs.findScalar(paths);
        if (f instanceof Attrs.Known k && !k.value().asText().isEmpty()) return Optional.of(k.value().asText());
        if (f instanceof Attrs.Unknown) unpriced(what + " unknown until apply (" + f.path() + ")");
        else unpriced(what + " not set (" + f.path() + ")");
        return Optional.empty();
    }

    /** A number attribute, or null; an unknown-until-apply value is recorded as unpriced. */
    Double number(String what, String... paths) {
        Attrs.Found f = attrs.find(paths);
        if (f instanceof Attrs.Unknown) {
            unpriced(what + " unknown until apply (" + f.path() + ")");
            return null;
        }
        return attrs.number(paths);
    }

    boolean isUnknown(String... paths) {
        return attrs.find(paths) instanceof Attrs.Unknown;
    }

    // ---- usage ----

    /** A usage value, recorded as an assumption the first time it is used. */
    BigDecimal usage(UsageKey key) {
        Usage.Value v = usage.get(key).orElseThrow(() -> new IllegalStateException(key.id() + " has no default"));
        announce(v);
        return BigDecimal.valueOf(v.number());
    }

    /** A usage value the user gave, if any; recorded as an assumption when present. */
    Optional<BigDecimal> givenUsage(UsageKey key) {
        Optional<Usage.Value> v = usage.given(key);
        v.ifPresent(this::announce);
        return v.map(x -> BigDecimal.valueOf(x.number()));
    }

    Optional<String> givenText(UsageKey key) {
        Optional<Usage.Value> v = usage.given(key);
        v.ifPresent(this::announce);
        return v.map(Usage.Value::text);
    }

    BigDecimal hours() {
        return usage(UsageKey.MONTHLY_HOURS);
    }

    private void announce(Usage.Value v) {
        if (!announced.add(v.key())) return;
        assumptions.add(memo.get(v, () -> {
            String value = v.text() != null ? v.text() : plain(BigDecimal.valueOf(v.number())) + (v.key().unit().isEmpty() ? "" : " " + v.key().unit());
            String hint = v.builtIn() ? "; set " + v.key().id() + " in a usage file" : "";
            return v.key().id() + " = " + value + " (" + v.origin() + hint + ")";
        }));
    }

    // ---- purchase option ----

    /**
     * The price model: spot when the resource itself asks for spot capacity ({@code spotEvidence} non-null),
     * else the usage file's {@code price_model}, else the {@value #PRICE_MODEL_TAG} tag, else on-demand.
     * Spot wins because reserved or committed capacity cannot be spot.
     */
    Optional<PriceModel> purchaseOption(String spotEvidence) {
        Optional<Usage.Value> fromUsage = usage.given(UsageKey.PRICE_MODEL);
        String fromTag = resource.tags().get(PRICE_MODEL_TAG);
        if (spotEvidence != null) {
            assumptions.add("spot pricing: " + spotEvidence);
            if (fromUsage.isPresent() && !fromUsage.get().text().equals("spot")) {
                notes.add("usage price_model " + fromUsage.get().text() + " ignored: the resource asks for spot capacity");
            }
            return Optional.of(PriceModel.SPOT);
        }
        if (fromUsage.isPresent()) {
            announce(fromUsage.get());
            return PriceModel.parse(fromUsage.get().text());
        }
        if (fromTag != null) {
            Optional<PriceModel> m = PriceModel.parse(fromTag);
            if (m.isEmpty()) {
                unpriced("tag " + PRICE_MODEL_TAG + " = '" + fromTag + "' is not a price model (known: " + PriceModel.ids() + ")");
                return Optional.empty();
            }
            assumptions.add("price model " + fromTag + " (tag " + PRICE_MODEL_TAG + ")");
            return m;
        }
        return Optional.of(PriceModel.ON_DEMAND);
    }

    // ---- prices ----

    /** The region, or false with the reason recorded. */
    boolean needRegion() {
        if (region == null) {
            unpriced(regionUnknown);
            return false;
        }
        if (catalogue.region(provider, region).isEmpty()) {
            unpriced("region '" + region + "' is not a known " + provider + " region");
            return false;
        }
        return true;
    }

    /** The price rows of a SKU in this resource's region, lowest tier first; records why when there are none. */
    List<Price> lookup(String service, String sku, PriceModel model) {
        if (!needRegion()) return List.of();
        List<Price> rows = catalogue.prices(provider, service, sku, region, model);
        if (rows.isEmpty()) {
            unpriced(memo.get(List.of("missing", provider, service, sku, region, model), () -> missing(service, sku, model)));
            return List.of();
        }
        Price first = rows.get(0);
        if (!first.usd()) {
            unpriced("price of " + first.skuName() + " in " + region + " is in " + first.currency()
                    + " (" + first.origin() + "); Tollgate converts no currency");
            return List.of();
        }
        return rows;
    }

    Optional<Price> lookupOne(String service, String sku, PriceModel model) {
        List<Price> rows = lookup(service, sku, model);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private String missing(String service, String sku, PriceModel model) {
        String name = Catalogue.COMPUTE.equals(service) ? sku : service + "/" + sku;
        List<Price> any = catalogue.pricesOf(provider, service, sku);
        if (any.isEmpty()) {
            if (Catalogue.COMPUTE.equals(service)) {
                return catalogue.knowsInstanceType(provider, sku)
                        ? "no price for instance type " + sku + " in the catalogue"
                        : "unknown instance type " + sku + " (not in the " + provider + " catalogue)";
            }
            return catalogue.hasService(provider, service)
                    ? "no price for " + provider + " " + name + " in the catalogue"
                    : "no " + provider + " " + service + " prices in the catalogue (add them to prices.csv in a --catalogue directory)";
        }
        Set<String> sameModel = new TreeSet<>();
        Set<String> otherModels = new TreeSet<>();
        for (Price p : any) {
            if (p.model() == model) sameModel.add(p.region());
            else if (p.region().equals(region)) otherModels.add(p.model().id());
        }
        StringBuilder sb = new StringBuilder("no " + model.id() + " price for " + name + " in " + region);
        if (!otherModels.isEmpty()) sb.append(" (").append(region).append(" has ").append(String.join(", ", otherModels)).append(")");
        if (!sameModel.isEmpty()) sb.append("; ").append(model.id()).append(" prices exist for ").append(abbreviate(sameModel));
        return sb.toString();
    }

    private static String abbreviate(Set<String> regions) {
        if (regions.size() <= 6) return String.join(", ", regions);
        return regions.stream().limit(6).collect(Collectors.joining(", ")) + " and " + (regions.size() - 6) + " more";
    }

    /** Charges {@code quantity} units of a price, after any negotiated discount. */
    void charge(String name, BigDecimal quantity, Price price) {
        BigDecimal unitPrice = price.amount();
        BigDecimal discount = null;
        Optional<Discount> d = catalogue.discountFor(price);
        if (d.isPresent()) {
            unitPrice = d.get().apply(unitPrice);
            discount = d.get().percent();
            notes.add("negotiated discount " + plain(discount) + "% on " + price.skuName() + " (" + d.get().origin() + ")");
        }
        components.add(new Component(name, quantity, price.unit().id(), unitPrice, quantity.multiply(unitPrice),
                price.model().id(), price.skuName(), price.source(), price.asOf().toString(), price.origin().toString(), discount));
        usedFigures.add(price);
    }

    /**
     * Charges a quantity across volume tiers (internet egress, S3 storage). The part no tier covers is reported
     * unpriced rather than priced at a neighbouring tier.
     */
    void chargeTiered(String name, BigDecimal quantity, List<Price> tiers) {
        if (tiers.isEmpty() || quantity.signum() == 0) return;
        BigDecimal covered = BigDecimal.ZERO;
        for (Price tier : tiers) {
            BigDecimal start = tier.tierStart() == null ? BigDecimal.ZERO : tier.tierStart();
            if (start.compareTo(covered) > 0) break; // a gap: stop, the rest is reported below
            BigDecimal end = tier.tierEnd();
            BigDecimal upTo = end == null ? quantity : end.min(quantity);
            if (upTo.compareTo(covered) > 0) {
                String label = tiers.size() == 1 && tier.tierStart() == null ? name : name + ", tier " + tierLabel(tier) + " " + unitOf(tier);
                charge(label, upTo.subtract(covered), tier);
                covered = upTo;
            }
            if (covered.compareTo(quantity) >= 0) return;
        }
        unpriced("no price for " + name + " beyond " + plain(covered) + " " + unitOf(tiers.get(0)) + " of "
                + plain(quantity) + " (" + tiers.get(0).skuName() + " tiers in the catalogue end there)");
    }

    private static String unitOf(Price p) {
        String u = p.unit().id();
        int dash = u.indexOf('-');
        return dash > 0 ? u.substring(0, dash) : u;
    }

    private static String tierLabel(Price p) {
        String start = plain(p.tierStart() == null ? BigDecimal.ZERO : p.tierStart());
        return p.tierEnd() == null ? "over " + start : start + "-" + plain(p.tierEnd());
    }

    void unpriced(String reason) {
        unpriced.add(reason);
    }

    // ---- carbon ----

    void carbon(CarbonModel.Result r) {
        carbonApplies = true;
        if (r.kg() == null) {
            carbonUnknown = carbonUnknown == null ? r.basis() : carbonUnknown;
            carbonKg = null;
            return;
        }
        if (carbonKg != null) carbonKg += r.kg();
        carbonBasis.add(r.basis());
    }

    static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() > 6) s = s.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return s.toPlainString();
    }
}
