package dev.tollgate.cli;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.GridIntensity;
import dev.tollgate.facts.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tollgate facts}: look up and validate the prices, regions and carbon figures Tollgate decides with. */
@Command(name = "facts", mixinStandardHelpOptions = true,
        description = "Show and check the facts catalogues: prices, instance shapes, regions, carbon.",
        subcommands = {FactsCommand.Show.class, FactsCommand.Check.class})
final class FactsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every facts and cost command shares. */
    static final class CatalogueOptions {
        @Option(names = "--catalogue", paramLabel = "DIR",
                description = "Directory of catalogue CSV files layered on the bundled catalogue (repeatable; later wins).")
        List<Path> directories = new ArrayList<>();

        @Option(names = "--max-age-days", paramLabel = "DAYS", defaultValue = "180",
                description = "Figures older than this are reported as stale (default: ${DEFAULT-VALUE}).")
        int maxAgeDays;

        Catalogue load() {
            return directories.isEmpty() ? Catalogue.bundled() : Catalogue.load(directories);
        }

        Period maxAge() {
            return Period.ofDays(maxAgeDays);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show what the catalogue knows about an instance type, a region, or a price SKU.")
    static final class Show implements Callable<Integer> {
        enum What { instance, region, price }

        @Parameters(index = "0", paramLabel = "WHAT", description = "instance, region or price.")
        What what;

        @Parameters(index = "1", paramLabel = "NAME",
                description = "Instance type (p5.48xlarge), region (eu-central-1) or SKU (gp3, ebs/gp3, p5.48xlarge).")
        String name;

        @CommandLine.Mixin
        CatalogueOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Catalogue c = options.load();
            PrintWriter out = spec.commandLine().getOut();
            String text = switch (what) {
                case instance -> FactsText.instance(c, name);
                case region -> FactsText.region(c, name);
                case price -> FactsText.prices(c.pricesNamed(name));
            };
            if (text == null) {
                spec.commandLine().getErr().println("tollgate: no " + what + " named '" + name + "' in the catalogue");
                return Main.BAD_INPUT;
            }
            out.print(text);
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate every catalogue row (source and date present, no duplicate keys, positive prices, known "
                    + "regions and units); exit 2 with the list of problems. Also reports stale figures.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        CatalogueOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            List<Problem> problems = Catalogue.check(options.directories);
            if (!problems.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                for (Problem p : problems) err.println(p);
                err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the catalogue");
                err.flush();
                return Main.BAD_INPUT;
            }
            Catalogue c = options.load();
            PrintWriter out = spec.commandLine().getOut();
            out.print(FactsText.summary(c));
            List<String> stale = new ArrayList<>(c.staleFiles(clock, options.maxAge()));
            stale.addAll(c.staleFigures(clock, options.maxAge()));
            if (!stale.isEmpty()) {
                out.println("Stale (older than " + options.maxAgeDays + " days):");
                for (String s : stale) out.println("  " + s);
            }
            out.println("catalogue ok");
            out.flush();
            return Main.OK;
        }
    }

    /** A number without trailing zeros or exponent. */
    static String money(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    static String grid(GridIntensity g) {
        return money(BigDecimal.valueOf(g.gramsPerKwh())) + " gCO2e/kWh (" + (g.year() == null ? "no data year" : g.year())
                + (g.cfePercent() == null ? "" : ", carbon-free " + money(BigDecimal.valueOf(g.cfePercent())) + "%")
                + "; " + g.source() + ")";
    }
}
