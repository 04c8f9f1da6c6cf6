package dev.tollgate.facts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The units a catalogue price may be quoted in. Quantities are always expressed in the price's own unit, so
 * nothing is converted behind the user's back: a volume of 100 GiB is 100 units of a {@code GB-month} price,
 * because the providers bill provisioned GiB as "GB" (see the catalogue README).
 */
public enum Unit {
    HOUR("hour"),
    /** A monthly fee quoted for a 730-hour month; running H hours costs H/730 of it. */
    MONTH_730H("month-730h"),
    MONTH("month"),
    GB_MONTH("GB-month"),
    GIB_MONTH("GiB-month"),
    TIB_MONTH("TiB-month"),
    GB("GB"),
    GIB("GiB"),
    IOPS_MONTH("IOPS-month"),
    MBPS_MONTH("MBps-month"),
    LCU_MONTH("LCU-month"),
    KEY_MONTH("key-month"),
    DISK_MONTH("disk-month"),
    RENEWAL("renewal"),
    OBJECT_1K_MONTH("object-1k-month"),
    REQUEST_1K("request-1k"),
    REQUEST_10K("request-10k"),
    REQUEST_1M("request-1M");

    private final String id;

    Unit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Unit> parse(String id) {
        for (Unit u : values()) if (u.id.equals(id)) return Optional.of(u);
        return Optional.empty();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Unit::id).collect(Collectors.joining(", "));
    }

    /** How many single requests one unit of a per-request price covers (1,000 for {@code request-1k}). */
    public long requestsPerUnit() {
        return switch (this) {
            case REQUEST_1K -> 1_000;
            case REQUEST_10K -> 10_000;
            case REQUEST_1M -> 1_000_000;
            default -> throw new IllegalStateException(id + " is not a request unit");
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
