package dev.tollgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON form of a {@link Decision}: snake_case fields in declaration order, two-space indent. */
public final class DecisionJson {
    private DecisionJson() {}

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static String write(Decision decision) {
        try {
            return MAPPER.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision always serializes", e);
        }
    }

    public static JsonNode tree(Decision decision) {
        return MAPPER.valueToTree(decision);
    }

    /** Reads a decision back, e.g. one the service logged or a previous {@code check --format json}. */
    public static Decision read(String json) {
        try {
            return MAPPER.readValue(json, Decision.class);
        } catch (JsonProcessingException e) {
            throw new PolicyException("not a Tollgate decision: " + e.getOriginalMessage(), e);
        }
    }
}
