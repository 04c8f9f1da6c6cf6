package dev.tollgate.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads the bundled catalogue and any user directories on top of it, validating every row.
 * <p>
 * Each layer may hold any of the {@link #FILES}. A row whose key matches a row of an earlier layer replaces it
 * (private pricing, corrected regions); other rows are added. The same key twice in one file is an error, as is
 * any file in a user directory with a name Tollgate does not know (so a typo never silently drops a file).
 * Problems are collected, not thrown one at a time, so {@code tollgate facts check} can list them all.
 */
final class CatalogueLoader {

    static final List<String> FILES = List.of(
            "regions.csv", "gpus.csv", "instances.csv", "prices.csv", "carbon.csv", "energy.csv", "discounts.csv");

    static final Set<String> PROVIDERS = Set.of("aws", "gcp", "azure");

    /** One file of one layer. */
    private record Layer(String display, String text, boolean override) {}

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, List<Layer>> layers = new LinkedHashMap<>();

    final Map<Catalogue.RegionKey, RegionFacts> regions = new LinkedHashMap<>();
    final Map<String, GpuPower> gpus = new LinkedHashMap<>();
    final Map<Catalogue.ShapeKey, InstanceShape> shapes = new LinkedHashMap<>();
    final Map<List<Object>, Price> prices = new LinkedHashMap<>();
    final Map<List<Object>, GridIntensity> carbon = new LinkedHashMap<>();
    final Map<List<Object>, EnergyFactor> energy = new LinkedHashMap<>();
    final List<Discount> discounts = new ArrayList<>();

    private CatalogueLoader() {}

    /** Loads bundled files and the given directories; the result's problems say what is wrong, if anything. */
    static CatalogueLoader load(List<Path> dirs) {
        CatalogueLoader loader = new CatalogueLoader();
        for (String name : FILES) loader.layers.put(name, new ArrayList<>());
        for (String name : FILES) loader.layers.get(name).add(new Layer("catalogue/" + name, bundled(name), false));
        for (Path dir : dirs) loader.addDirectory(dir);
        loader.readAll();
        return loader;
    }

    List<Problem> problems() {
        return problems;
    }

    private static String bundled(String name) {
        try (InputStream in = Catalogue.class.getResourceAsStream("/catalogue/" + name)) {
            if (in == null) throw new IllegalStateException("bundled catalogue file catalogue/" + name + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), 0, "catalogue directory does not exist or is not a directory"));
            return;
        }
        List<Path> csvs;
        try (Stream<Path> s = Files.list(dir)) {
            csvs = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(dir.toString(), 0, "cannot list directory: " + e.getMessage()));
            return;
        }
        for (Path file : csvs) {
            String name = file.getFileName().toString();
            if (!layers.containsKey(name)) {
                problems.add(new Problem(file.toString(), 0, "unknown catalogue file (expected one of " + String.join(", ", FILES) + ")"));
                continue;
            }
            try {
                layers.get(name).add(new Layer(file.toString(), Files.readString(file, StandardCharsets.UTF_8), true));
            } catch (IOException e) {
                problems.add(new Problem(file.toString(), 0, "cannot read: " + e.getMessage()));
            }
        }
    }

    // Regions first (prices, carbon and energy refer to them), GPUs before the shapes that refer to them.
    private void readAll() {
        read("regions.csv", List.of("provider", "partition", "region", "display_name", "country_iso2", "city",
                "jurisdiction", "eu_eea", "sovereign_offering", "as_of", "source"), List.of(), this::region,
                r -> new Catalogue.RegionKey(r.provider(), r.region()), regions);
        read("gpus.csv", List.of("gpu_model", "form_factor", "tdp_watts", "memory_gb", "as_of", "source"), List.of(),
                this::gpu, GpuPower::key, gpus);
        read("instances.csv", List.of("provider", "instance_type", "gpu_model", "gpu_count", "gpu_memory_gib", "vcpus",
                "memory_gib", "gpu_power", "as_of", "source"), List.of(), this::shape,
                s -> new Catalogue.ShapeKey(s.provider(), s.instanceType()), shapes);
        read("prices.csv", List.of("provider", "service", "sku", "region", "price_model", "unit", "price", "currency",
                "as_of", "source"), List.of("tier_start", "tier_end", "description"), this::price,
                p -> List.of(p.provider(), p.service(), p.sku(), p.region(), p.model(),
                        p.tierStart() == null ? BigDecimal.ZERO : p.tierStart().stripTrailingZeros()), prices);
        read("carbon.csv", List.of("provider", "region", "year", "grid_gco2e_per_kwh", "as_of", "source"),
                List.of("cfe_percent"), this::carbon,
                c -> java.util.Arrays.asList(c.provider(), c.region(), c.year()), carbon);
        read("energy.csv", List.of("provider", "region", "factor", "value", "unit", "as_of", "source"), List.of(),
                this::energy, e -> List.of(e.provider(), e.region(), e.factor()), energy);
        readDiscounts();
    }

    private <K, V> void read(String name, List<String> required, List<String> optional,
                             Function<RowReader, V> parse, Function<V, K> key, Map<K, V> into) {
        for (Layer layer : layers.get(name)) {
            Csv.Table table = Csv.parse(layer.display, layer.text, required, optional);
            problems.addAll(table.problems());
            Map<K, Integer> seen = new LinkedHashMap<>();
            for (Csv.Row row : table.rows()) {
                RowReader r = new RowReader(layer, row);
                V value = parse.apply(r);
                if (value == null || !r.ok) continue;
                K k = key.apply(value);
                Integer first = seen.putIfAbsent(k, row.line());
                if (first != null) {
                    problems.add(new Problem(layer.display, row.line(), "duplicate key " + describe(k) + " (first on line " + first + ")"));
                    continue;
                }
                into.remove(k); // re-insert so iteration order follows the overriding layer
                into.put(k, value);
            }
        }
    }

    private void readDiscounts() {
        List<Discount> bundledRows = new ArrayList<>();
        List<Discount> userRows = new ArrayList<>();
        for (Layer layer : layers.get("discounts.csv")) {
            Csv.Table table = Csv.parse(layer.display, layer.text,
                    List.of("provider", "service", "sku", "region", "price_model", "percent", "as_of", "source"), List.of());
            problems.addAll(table.problems());
            Map<List<String>, Integer> seen = new LinkedHashMap<>();
            for (Csv.Row row : table.rows()) {
                RowReader r = new RowReader(layer, row);
                Discount d = discount(r);
                if (d == null || !r.ok) continue;
                List<String> k = List.of(d.provider(), d.service(), d.sku(), d.region(), d.priceModel());
                Integer first = seen.putIfAbsent(k, row.line());
                if (first != null) {
                    problems.add(new Problem(layer.display, row.line(), "duplicate key " + describe(k) + " (first on line " + first + ")"));
                    continue;
                }
                (layer.override ? userRows : bundledRows).add(d);
            }
        }
        discounts.addAll(userRows);
        discounts.addAll(bundledRows);
    }

    private static String describe(Object key) {
        if (key instanceof List<?> l) {
            return String.join("/", l.stream().map(o -> o == null ? "-" : o.toString()).toList());
        }
        if (key instanceof Catalogue.RegionKey k) return k.provider() + "/" + k.region();
        if (key instanceof Catalogue.ShapeKey k) return k.provider() + "/" + k.instanceType();
        return key.toString();
    }

    // ---- row parsers: each returns null (with problems recorded) when the row is unusable ----

    private RegionFacts region(RowReader r) {
        String provider = r.provider();
        return new RegionFacts(provider, r.required("partition"), r.required("region"), r.required("display_name"),
                r.countryCode("country_iso2"), r.optional("city"), r.optional("jurisdiction"), r.bool("eu_eea"),
                r.optional("sovereign_offering"), r.date("as_of"), r.source(), r.origin());
    }

    private GpuPower gpu(RowReader r) {
        Integer watts = r.positiveInt("tdp_watts", true);
        return new GpuPower(r.required("gpu_model"), r.required("form_factor"), watts == null ? 0 : watts,
                r.positiveDouble("memory_gb", false), r.date("as_of"), r.source(), r.origin());
    }

    private InstanceShape shape(RowReader r) {
        String provider = r.provider();
        String powerKey = r.optional("gpu_power");
        GpuPower power = null;
        if (powerKey != null) {
            power = gpus.get(powerKey);
            if (power == null) r.problem("gpu_power '" + powerKey + "' is not a gpus.csv row (gpu_model/form_factor)");
        }
        String gpuModel = r.optional("gpu_model");
        Integer count = r.nonNegativeInt("gpu_count");
        if (gpuModel == null && count != null && count > 0) r.problem("gpu_count is set but gpu_model is empty");
        return new InstanceShape(provider, r.required("instance_type"), gpuModel, count,
                r.positiveDouble("gpu_memory_gib", false), r.positiveInt("vcpus", false), r.positiveDouble("memory_gib", false),
                power, r.date("as_of"), r.source(), r.origin());
    }

    private Price price(RowReader r) {
        String provider = r.provider();
        String region = r.required("region");
        r.knownRegion(provider, region);
        PriceModel model = r.priceModel("price_model");
        Unit unit = null;
        String u = r.required("unit");
        if (u != null) {
            unit = Unit.parse(u).orElse(null);
            if (unit == null) r.problem("unknown unit '" + u + "' (known: " + Unit.ids() + ")");
        }
        BigDecimal amount = r.positiveDecimal("price", "price");
        String currency = r.required("currency");
        if (currency != null && !currency.matches("[A-Z]{3}")) r.problem("currency must be an ISO 4217 code such as USD, got '" + currency + "'");
        BigDecimal tierStart = r.nonNegativeDecimal("tier_start");
        BigDecimal tierEnd = r.nonNegativeDecimal("tier_end");
        if (tierEnd != null && tierStart == null) r.problem("tier_end is set without tier_start");
        if (tierStart != null && tierEnd != null && tierEnd.compareTo(tierStart) <= 0) r.problem("tier_end must be above tier_start");
        return new Price(provider, r.required("service"), r.required("sku"), region, model, unit, amount, currency,
                tierStart, tierEnd, r.optional("description"), r.date("as_of"), r.source(), r.origin());
    }

    private GridIntensity carbon(RowReader r) {
        String provider = r.provider();
        String region = r.required("region");
        r.knownRegion(provider, region);
        Integer year = r.positiveInt("year", false);
        // Zero is a real figure: Google published 0 g/kWh for northamerica-northeast1 in 2021 and 2022.
        BigDecimal grams = r.nonNegativeDecimal("grid_gco2e_per_kwh");
        if (grams == null && r.optional("grid_gco2e_per_kwh") == null) r.problem("grid_gco2e_per_kwh is empty");
        Double cfe = r.optionalDouble("cfe_percent");
        if (cfe != null && (cfe < 0 || cfe > 100)) r.problem("cfe_percent must be between 0 and 100");
        return new GridIntensity(provider, region, year, grams == null ? 0 : grams.doubleValue(), cfe, r.date("as_of"), r.source(), r.origin());
    }

    private EnergyFactor energy(RowReader r) {
        String provider = r.provider();
        String region = r.required("region");
        if (region != null && !"*".equals(region)) r.knownRegion(provider, region);
        String factor = r.required("factor");
        String unit = r.required("unit");
        if (factor != null) {
            String expected = EnergyFactor.FACTORS.get(factor);
            if (expected == null) r.problem("unknown factor '" + factor + "' (known: " + String.join(", ", new TreeSet<>(EnergyFactor.FACTORS.keySet())) + ")");
            else if (unit != null && !expected.equals(unit)) r.problem("unit of " + factor + " must be " + expected + ", got '" + unit + "'");
        }
        Double value = r.positiveDouble("value", true);
        if (EnergyFactor.PUE.equals(factor) && value != null && value < 1) r.problem("pue must be at least 1");
        return new EnergyFactor(provider, region, factor, value == null ? 0 : value, unit, r.date("as_of"), r.source(), r.origin());
    }

    private Discount discount(RowReader r) {
        String provider = r.provider();
        String model = r.required("price_model");
        if (model != null && !"*".equals(model) && PriceModel.parse(model).isEmpty()) {
            r.problem("unknown price_model '" + model + "' (known: " + PriceModel.ids() + ", or *)");
        }
        BigDecimal percent = r.positiveDecimal("percent", "percent");
        if (percent != null && percent.compareTo(BigDecimal.valueOf(100)) >= 0) r.problem("percent must be below 100");
        return new Discount(provider, r.required("service"), r.required("sku"), r.required("region"), model, percent,
                r.date("as_of"), r.source(), r.origin());
    }

    /** Reads typed fields of one row, recording a problem (and marking the row unusable) for each bad one. */
    private final class RowReader {
        final Layer layer;
        final Csv.Row row;
        boolean ok = true;

        RowReader(Layer layer, Csv.Row row) {
            this.layer = layer;
            this.row = row;
        }

        void problem(String message) {
            ok = false;
            problems.add(new Problem(layer.display, row.line(), message));
        }

        Origin origin() {
            return new Origin(layer.display, row.line(), layer.override);
        }

        String optional(String column) {
            String v = row.get(column);
            return v.isEmpty() ? null : v;
        }

        String required(String column) {
            String v = optional(column);
            if (v == null) problem(column + " is empty");
            return v;
        }

        String source() {
            String v = optional("source");
            if (v == null) problem("source is empty: every figure needs its source");
            return v;
        }

        String provider() {
            String p = required("provider");
            if (p != null && !PROVIDERS.contains(p)) problem("unknown provider '" + p + "' (known: aws, azure, gcp)");
            return p;
        }

        void knownRegion(String provider, String region) {
            if (provider == null || region == null || !PROVIDERS.contains(provider)) return;
            if (!regions.containsKey(new Catalogue.RegionKey(provider, region))) {
                problem("unknown " + provider + " region '" + region + "' (add it to regions.csv)");
            }
        }

        PriceModel priceModel(String column) {
            String v = required(column);
            if (v == null) return null;
            PriceModel m = PriceModel.parse(v).orElse(null);
            if (m == null) problem("unknown " + column + " '" + v + "' (known: " + PriceModel.ids() + ")");
            return m;
        }

        LocalDate date(String column) {
            String v = optional(column);
            if (v == null) {
                problem(column + " is empty: every figure needs the date it was current");
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                problem(column + " must be a date like 2026-07-20, got '" + v + "'");
                return null;
            }
        }

        Boolean bool(String column) {
            String v = optional(column);
            if (v == null) return null;
            if (v.equals("true")) return true;
            if (v.equals("false")) return false;
            problem(column + " must be true or false, got '" + v + "'");
            return null;
        }

        String countryCode(String column) {
            String v = optional(column);
            if (v != null && !v.matches("[A-Z]{2}")) problem(column + " must be an ISO 3166 alpha-2 code such as DE, got '" + v + "'");
            return v;
        }

        BigDecimal decimal(String column) {
            String v = optional(column);
            if (v == null) return null;
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                problem(column + " must be a number, got '" + v + "'");
                return null;
            }
        }

        BigDecimal positiveDecimal(String column, String label) {
            String v = optional(column);
            if (v == null) {
                problem(label + " is empty");
                return null;
            }
            BigDecimal d = decimal(column);
            if (d != null && d.signum() <= 0) {
                problem(label + " must be positive, got " + v);
                return null;
            }
            return d;
        }

        BigDecimal nonNegativeDecimal(String column) {
            BigDecimal d = decimal(column);
            if (d != null && d.signum() < 0) {
                problem(column + " must not be negative");
                return null;
            }
            return d;
        }

        Double optionalDouble(String column) {
            BigDecimal d = decimal(column);
            return d == null ? null : d.doubleValue();
        }

        Double positiveDouble(String column, boolean required) {
            BigDecimal d = required ? positiveDecimal(column, column) : decimal(column);
            if (d == null) return null;
            if (d.signum() <= 0) {
                problem(column + " must be positive");
                return null;
            }
            return d.doubleValue();
        }

        Integer positiveInt(String column, boolean required) {
            Integer i = integer(column, required);
            if (i != null && i <= 0) {
                problem(column + " must be positive");
                return null;
            }
            return i;
        }

        Integer nonNegativeInt(String column) {
            Integer i = integer(column, false);
            if (i != null && i < 0) {
                problem(column + " must not be negative");
                return null;
            }
            return i;
        }

        private Integer integer(String column, boolean required) {
            String v = required ? required(column) : optional(column);
            if (v == null) return null;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                problem(column + " must be a whole number, got '" + v + "'");
                return null;
            }
        }
    }
}
