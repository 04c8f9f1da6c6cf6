package dev.tollgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.policy.Evaluator;
import dev.tollgate.policy.Finding;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.Values;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The policy engine the Pulumi commands check with: the bundle in a policies folder, the bundled catalogue, and the
 * embedded Rego evaluator querying every {@code violation}/{@code deny}/{@code warn} rule the bundle declares.
 */
final class Policies {
    private Policies() {}

    static PolicyEngine engine(Path dir) {
        return engine(dir, Clock.systemUTC());
    }

    /** @param clock what "now" is for waiver expiry and catalogue age */
    static PolicyEngine engine(Path dir, Clock clock) {
        var bundle = PolicyBundle.load(dir);
        return new PolicyEngine(bundle, Catalogue.bundled(), clock, data -> evaluator(bundle, data));
    }

    /** tollgate.yaml as given, else the one in {@code dir} when there is one, else the defaults. */
    static PolicyConfig config(Path given, Path dir) {
        if (given != null) return PolicyConfig.load(given);
        var beside = dir.resolve("tollgate.yaml");
        return Files.isRegularFile(beside) ? PolicyConfig.load(beside) : PolicyConfig.defaults();
    }

    private static Evaluator evaluator(PolicyBundle bundle, ObjectNode data) {
        var builder = RegoEngine.builder().data(data);
        bundle.modules().forEach(builder::module);
        var rego = builder.build();
        var rules = new LinkedHashSet<List<String>>();
        for (var source : bundle.sources()) {
            for (var rule : source.rules()) rules.add(List.of(source.pkg(), rule));
        }
        return input -> {
            var findings = new ArrayList<Finding>();
            for (var r : rules) {
                var value = rego.query("data." + r.get(0) + "." + r.get(1), input).value();
                if (value == null) continue;
                for (var element : Values.toJson(value)) findings.add(Finding.of(r.get(0), r.get(1), element));
            }
            return findings;
        };
    }
}
