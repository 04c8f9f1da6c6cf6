package dev.tollgate.facts;

import java.time.LocalDate;

/**
 * Power and memory of one accelerator board ({@code gpus.csv}). Instance shapes refer to a row by {@link #key()}.
 *
 * @param model      accelerator model, e.g. {@code NVIDIA H100}
 * @param formFactor board form factor, e.g. {@code SXM5}; the same model draws very different power per form factor
 * @param tdpWatts   the vendor's maximum board power (or the stated coefficient where the source says so)
 * @param memoryGb   memory as the vendor states it
 * @param asOf       as-of date
 * @param source     source of the figures
 * @param origin     catalogue file and line
 */
public record GpuPower(String model, String formFactor, int tdpWatts, Double memoryGb, LocalDate asOf, String source, Origin origin) {

    public String key() {
        return key(model, formFactor);
    }

    public static String key(String model, String formFactor) {
        return model + "/" + formFactor;
    }
}
