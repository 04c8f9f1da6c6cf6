package dev.tollgate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tollgate.policy.DecisionJson;

/** A {@link Review} as JSON for tools: snake_case fields in declaration order, like a decision. */
public final class ReviewJson {
    private ReviewJson() {}

    public static String write(Review review) {
        try {
            return DecisionJson.MAPPER.writeValueAsString(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a review always serializes", e);
        }
    }
}
