package dev.tollgate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.PolicyInfo;
import dev.tollgate.report.Review.StackChange;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A review in each of its formats: the PR comment, JSON for tools, SARIF for code scanning, JUnit for test tabs. */
public final class ReviewReports {
    private ReviewReports() {}

    public enum Format {
        MARKDOWN, JSON, SARIF, JUNIT;

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(text)) return f;
            }
            throw new IllegalArgumentException("'" + text + "' is not a review format (markdown, json, sarif, junit)");
        }
    }

    /** @param policies the head policies' METADATA, for SARIF rules */
    public static String render(Review review, Format format, Collection<PolicyInfo> policies, String toolVersion) {
        return switch (format) {
            case MARKDOWN -> ReviewMarkdown.render(review);
            case JSON -> ReviewJson.write(review) + "\n";
            case SARIF -> sarif(review, policies, toolVersion);
            case JUNIT -> JunitReport.render(heads(review), d -> suite(review, d), changes(review)::state);
        };
    }

    private static String sarif(Review review, Collection<PolicyInfo> policies, String toolVersion) {
        List<PlanFile> sources = review.stacks().stream().map(StackChange::headSource).filter(p -> p != null).toList();
        Changes changes = changes(review);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    SarifReport.render(heads(review), policies, toolVersion, new SourceLocator(sources), changes::state)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SARIF always serializes", e);
        }
    }

    private static List<Decision> heads(Review review) {
        return review.stacks().stream().map(StackChange::head).filter(d -> d != null).toList();
    }

    /** Two plans may name the same stack (base and head copies side by side): suites go by name and path. */
    private static String suite(Review review, Decision d) {
        for (StackChange s : review.stacks()) {
            if (s.head() == d) return s.key().equals(s.name()) ? s.name() : s.name() + " (" + s.key() + ")";
        }
        return d.stack().name();
    }

    /** Whether each head violation is new in the change or was there at base: SARIF's baselineState. */
    private record Changes(Map<Violation, String> states) {
        String state(Decision d, Violation v) {
            return states.get(v);
        }
    }

    private static Changes changes(Review review) {
        Map<Violation, String> states = new IdentityHashMap<>();
        for (StackChange s : review.stacks()) {
            s.violations().added().forEach(v -> states.put(v, "new"));
            s.violations().unchanged().forEach(v -> states.put(v, "unchanged"));
        }
        return new Changes(states);
    }
}
