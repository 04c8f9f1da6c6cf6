package dev.tollgate.facts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a price is bought. The catalogue's {@code price_model} column and the usage file's {@code price_model}
 * key use the ids; GCP's committed use discounts are {@code cud_*}, Azure's savings plans {@code savings_plan_*}.
 */
public enum PriceModel {
    ON_DEMAND("on_demand"),
    SPOT("spot"),
    RESERVED_1Y("reserved_1y"),
    RESERVED_3Y("reserved_3y"),
    CUD_1Y("cud_1y"),
    CUD_3Y("cud_3y"),
    SAVINGS_PLAN_1Y("savings_plan_1y"),
    SAVINGS_PLAN_3Y("savings_plan_3y");

    private final String id;

    PriceModel(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<PriceModel> parse(String id) {
        for (PriceModel m : values()) if (m.id.equals(id)) return Optional.of(m);
        return Optional.empty();
    }

    public static String ids() {
        return Arrays.stream(values()).map(PriceModel::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
