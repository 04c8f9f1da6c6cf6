package dev.tollgate.facts;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The facts Tollgate prices and places resources with: prices, instance shapes, accelerator power, regions,
 * grid carbon intensity and data-centre energy factors. Immutable once built, so one instance is shared by every
 * thread of the service; lookups are hash-map gets.
 * <p>
 * Built from the bundled files under {@code src/main/resources/catalogue/} plus any user directories
 * ({@code --catalogue DIR}), see {@link CatalogueLoader} for the override rules and the catalogue README for formats.
 */
public final class Catalogue {

    /** The {@code service} of instance-type prices. */
    public static final String COMPUTE = "compute";

    /** The age past which a figure is reported as stale unless configured otherwise. */
    public static final Period DEFAULT_MAX_AGE = Period.ofDays(180);

    record RegionKey(String provider, String region) {}

    record ShapeKey(String provider, String instanceType) {}

    private record PriceKey(String provider, String service, String sku, String region, PriceModel model) {}

    private record SkuKey(String provider, String service, String sku) {}

    private record FactorKey(String provider, String region, String factor) {}

    /** Oldest and newest as-of date of one catalogue file, after overrides. */
    public record AsOf(String file, LocalDate oldest, LocalDate newest, int rows) {}

    private static volatile Catalogue bundled;

    private final Map<PriceKey, List<Price>> prices;
    private final Map<SkuKey, List<Price>> pricesBySku;
    private final List<Price> allPrices;
    private final java.util.Set<String> services;
    private final Map<ShapeKey, InstanceShape> shapes;
    private final Map<String, GpuPower> gpus;
    private final Map<RegionKey, RegionFacts> regions;
    private final Map<String, List<RegionFacts>> regionsByName;
    private final Map<RegionKey, GridIntensity> latestCarbon;
    private final List<GridIntensity> allCarbon;
    private final Map<FactorKey, EnergyFactor> energy;
    private final List<Discount> discounts;
    private final Map<String, AsOf> asOf;
    private final List<Path> directories;

    private Catalogue(CatalogueLoader l, List<Path> directories) {
        this.directories = List.copyOf(directories);
        allPrices = List.copyOf(l.prices.values());
        Map<PriceKey, List<Price>> byKey = new HashMap<>();
        Map<SkuKey, List<Price>> bySku = new HashMap<>();
        for (Price p : allPrices) {
            byKey.computeIfAbsent(new PriceKey(p.provider(), p.service(), p.sku(), p.region(), p.model()), k -> new ArrayList<>()).add(p);
            bySku.computeIfAbsent(new SkuKey(p.provider(), p.service(), p.sku()), k -> new ArrayList<>()).add(p);
        }
        Comparator<Price> byTier = Comparator.comparing(p -> p.tierStart() == null ? java.math.BigDecimal.ZERO : p.tierStart());
        byKey.replaceAll((k, v) -> { v.sort(byTier); return List.copyOf(v); });
        bySku.replaceAll((k, v) -> List.copyOf(v));
        prices = Map.copyOf(byKey);
        services = allPrices.stream().map(p -> p.provider() + "/" + p.service()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        pricesBySku = Map.copyOf(bySku);

        shapes = Map.copyOf(l.shapes);
        gpus = Map.copyOf(l.gpus);
        regions = Map.copyOf(l.regions);
        Map<String, List<RegionFacts>> byName = new HashMap<>();
        for (RegionFacts r : l.regions.values()) byName.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r);
        byName.replaceAll((k, v) -> List.copyOf(v));
        regionsByName = Map.copyOf(byName);

        allCarbon = List.copyOf(l.carbon.values());
        Map<RegionKey, GridIntensity> latest = new HashMap<>();
        for (GridIntensity g : allCarbon) {
            latest.merge(new RegionKey(g.provider(), g.region()), g, Catalogue::newer);
        }
        latestCarbon = Map.copyOf(latest);

        Map<FactorKey, EnergyFactor> e = new HashMap<>();
        for (EnergyFactor f : l.energy.values()) e.put(new FactorKey(f.provider(), f.region(), f.factor()), f);
        energy = Map.copyOf(e);
        discounts = List.copyOf(l.discounts);

        Map<String, AsOf> dates = new LinkedHashMap<>();
        dates.put("regions.csv", range("regions.csv", l.regions.values(), RegionFacts::asOf));
        dates.put("gpus.csv", range("gpus.csv", l.gpus.values(), GpuPower::asOf));
        dates.put("instances.csv", range("instances.csv", l.shapes.values(), InstanceShape::asOf));
        dates.put("prices.csv", range("prices.csv", l.prices.values(), Price::asOf));
        dates.put("carbon.csv", range("carbon.csv", l.carbon.values(), GridIntensity::asOf));
        dates.put("energy.csv", range("energy.csv", l.energy.values(), EnergyFactor::asOf));
        dates.put("discounts.csv", range("discounts.csv", l.discounts, Discount::asOf));
        asOf = java.util.Collections.unmodifiableMap(dates);
    }

    /** The bundled catalogue alone; loaded once per JVM. */
    public static Catalogue bundled() {
        Catalogue c = bundled;
        if (c == null) {
            synchronized (Catalogue.class) {
                c = bundled;
                if (c == null) bundled = c = load(List.of());
            }
        }
        return c;
    }

    /**
     * The bundled catalogue with the given user directories layered on top, in order.
     *
     * @throws CatalogueException listing every problem, each as {@code file:line: message}
     */
    public static Catalogue load(List<Path> directories) {
        CatalogueLoader loader = CatalogueLoader.load(directories);
        if (!loader.problems().isEmpty()) throw new CatalogueException(loader.problems());
        return new Catalogue(loader, directories);
    }

    /** Every problem in the bundled catalogue plus the given directories; empty when all is well. */
    public static List<Problem> check(List<Path> directories) {
        return List.copyOf(CatalogueLoader.load(directories).problems());
    }

    /** The user directories layered on the bundled files. */
    public List<Path> directories() {
        return directories;
    }

    // ---- prices ----

    /** The price rows for one SKU in one region and purchase option, lowest tier first; empty when there is none. */
    public List<Price> prices(String provider, String service, String sku, String region, PriceModel model) {
        return prices.getOrDefault(new PriceKey(provider, service, sku, region, model), List.of());
    }

    /** The (first-tier) price of one SKU in one region and purchase option. */
    public Optional<Price> price(String provider, String service, String sku, String region, PriceModel model) {
        List<Price> rows = prices(provider, service, sku, region, model);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Every price row of a SKU, any region and model. */
    public List<Price> pricesOf(String provider, String service, String sku) {
        return pricesBySku.getOrDefault(new SkuKey(provider, service, sku), List.of());
    }

    /** Every price row whose SKU (or {@code service/sku}) is {@code name}, across providers. */
    public List<Price> pricesNamed(String name) {
        List<Price> out = new ArrayList<>();
        for (Price p : allPrices) {
            if (p.sku().equals(name) || p.skuName().equals(name)) out.add(p);
        }
        return out;
    }

    /** Whether any price row exists for this service (so a missing SKU can be told from a missing service). */
    public boolean hasService(String provider, String service) {
        return services.contains(provider + "/" + service);
    }

    /** Every price row, bundled and override, in file order. */
    public List<Price> prices() {
        return allPrices;
    }

    public int priceCount() {
        return allPrices.size();
    }

    /** The first discount matching a price, if any; user discounts come before bundled ones. */
    public Optional<Discount> discountFor(Price price) {
        for (Discount d : discounts) if (d.matches(price)) return Optional.of(d);
        return Optional.empty();
    }

    public List<Discount> discounts() {
        return discounts;
    }

    // ---- hardware ----

    public Optional<InstanceShape> instance(String provider, String instanceType) {
        return Optional.ofNullable(shapes.get(new ShapeKey(provider, instanceType)));
    }

    /** Shapes named {@code instanceType} for any provider (types do not collide across providers in practice). */
    public List<InstanceShape> instancesNamed(String instanceType) {
        List<InstanceShape> out = new ArrayList<>();
        for (String provider : new TreeSet<>(CatalogueLoader.PROVIDERS)) instance(provider, instanceType).ifPresent(out::add);
        return out;
    }

    public Collection<InstanceShape> instances() {
        return shapes.values();
    }

    /** Whether the catalogue knows this instance type at all: a shape or any price for it. */
    public boolean knowsInstanceType(String provider, String instanceType) {
        return shapes.containsKey(new ShapeKey(provider, instanceType)) || pricesBySku.containsKey(new SkuKey(provider, COMPUTE, instanceType));
    }

    public Optional<GpuPower> gpu(String model, String formFactor) {
        return Optional.ofNullable(gpus.get(GpuPower.key(model, formFactor)));
    }

    public Collection<GpuPower> gpus() {
        return gpus.values();
    }

    // ---- regions ----

    public Optional<RegionFacts> region(String provider, String region) {
        return Optional.ofNullable(regions.get(new RegionKey(provider, region)));
    }

    /** A region by id alone, for policies that do not know the provider; empty when unknown or ambiguous. */
    public Optional<RegionFacts> region(String region) {
        List<RegionFacts> found = regionsByName.getOrDefault(region, List.of());
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    public Collection<RegionFacts> regions() {
        return regions.values();
    }

    // ---- carbon ----

    /** The grid intensity of a region: its latest data year. */
    public Optional<GridIntensity> gridIntensity(String provider, String region) {
        return Optional.ofNullable(latestCarbon.get(new RegionKey(provider, region)));
    }

    /** Every year on record for a region, oldest first. */
    public List<GridIntensity> gridHistory(String provider, String region) {
        return allCarbon.stream()
                .filter(g -> g.provider().equals(provider) && g.region().equals(region))
                .sorted(Comparator.comparing(g -> g.year() == null ? 0 : g.year()))
                .toList();
    }

    /** An energy factor for a region, falling back to the provider default ({@code *}). */
    public Optional<EnergyFactor> energy(String provider, String region, String factor) {
        EnergyFactor f = region == null ? null : energy.get(new FactorKey(provider, region, factor));
        if (f == null) f = energy.get(new FactorKey(provider, "*", factor));
        return Optional.ofNullable(f);
    }

    // ---- dates ----

    /** Per file, the oldest and newest as-of date of its rows; the decision log records these. */
    public Map<String, AsOf> asOf() {
        return asOf;
    }

    /**
     * Files whose newest figure is older than {@code maxAge} on the clock's date: nobody has refreshed them.
     * Individual old figures are reported by the estimator where they are used.
     */
    public List<String> staleFiles(Clock clock, Period maxAge) {
        LocalDate today = LocalDate.now(clock);
        LocalDate limit = today.minus(maxAge);
        List<String> out = new ArrayList<>();
        for (AsOf a : asOf.values()) {
            if (a.newest() != null && a.newest().isBefore(limit)) {
                out.add("catalogue " + a.file() + " is stale: its newest figure is from " + a.newest() + ", "
                        + ChronoUnit.DAYS.between(a.newest(), today) + " days ago (limit " + maxAge.getDays() + " days)");
            }
        }
        return out;
    }

    /** Per file, how many figures are older than {@code maxAge}; for {@code tollgate facts check}. */
    public List<String> staleFigures(Clock clock, Period maxAge) {
        LocalDate limit = LocalDate.now(clock).minus(maxAge);
        List<String> out = new ArrayList<>();
        datesByFile().forEach((file, dates) -> {
            long old = dates.stream().filter(d -> d.isBefore(limit)).count();
            if (old > 0) {
                LocalDate oldest = dates.stream().min(LocalDate::compareTo).orElseThrow();
                out.add(file + ": " + old + " of " + dates.size() + " figures are older than " + maxAge.getDays() + " days (oldest " + oldest + ")");
            }
        });
        return out;
    }

    private Map<String, List<LocalDate>> datesByFile() {
        Map<String, List<LocalDate>> out = new LinkedHashMap<>();
        out.put("prices.csv", allPrices.stream().map(Price::asOf).toList());
        out.put("instances.csv", shapes.values().stream().map(InstanceShape::asOf).toList());
        out.put("gpus.csv", gpus.values().stream().map(GpuPower::asOf).toList());
        out.put("regions.csv", regions.values().stream().map(RegionFacts::asOf).toList());
        out.put("carbon.csv", allCarbon.stream().map(GridIntensity::asOf).toList());
        out.put("energy.csv", energy.values().stream().map(EnergyFactor::asOf).toList());
        out.put("discounts.csv", discounts.stream().map(Discount::asOf).toList());
        return out;
    }

    private static <T> AsOf range(String file, Collection<T> rows, Function<T, LocalDate> date) {
        LocalDate oldest = null, newest = null;
        for (T row : rows) {
            LocalDate d = date.apply(row);
            if (oldest == null || d.isBefore(oldest)) oldest = d;
            if (newest == null || d.isAfter(newest)) newest = d;
        }
        return new AsOf(file, oldest, newest, rows.size());
    }

    private static GridIntensity newer(GridIntensity a, GridIntensity b) {
        int ya = a.year() == null ? Integer.MIN_VALUE : a.year();
        int yb = b.year() == null ? Integer.MIN_VALUE : b.year();
        return yb > ya ? b : a;
    }
}
