package dev.tollgate.cli;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The policy engine and tollgate.yaml the Pulumi commands check with, as {@code tollgate check} sets them up. */
final class Policies {
    /** As {@code tollgate check --timeout}'s default. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Policies() {}

    static PolicyEngine engine(Path dir) {
        return engine(dir, Clock.systemUTC());
    }

    /** @param clock what "now" is for waiver expiry and catalogue age */
    static PolicyEngine engine(Path dir, Clock clock) {
        return PolicyEngine.embedded(PolicyBundle.load(dir), Catalogue.bundled(), clock, TIMEOUT);
    }

    /** tollgate.yaml as given, else the one in {@code dir} when there is one, else the defaults. */
    static PolicyConfig config(Path given, Path dir) {
        if (given != null) return PolicyConfig.load(given);
        var beside = dir.resolve("tollgate.yaml");
        return Files.isRegularFile(beside) ? PolicyConfig.load(beside) : PolicyConfig.defaults();
    }
}
