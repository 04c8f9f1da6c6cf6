package dev.tollgate.plan;

/**
 * Where a plan came from.
 *
 * @param tool          terraform, pulumi or tollgate
 * @param format        the document shape that was read
 * @param toolVersion   e.g. terraform_version "1.9.5", or null when the file does not say
 * @param formatVersion e.g. Terraform format_version "1.2", Pulumi deployment version "3"
 * @param file          the path it was read from, or "-" for stdin
 */
public record Source(Tool tool, Format format, String toolVersion, String formatVersion, String file) {

    public enum Tool { TERRAFORM, PULUMI, TOLLGATE }

    public enum Format {
        TERRAFORM_PLAN, TERRAFORM_STATE,
        PULUMI_PREVIEW, PULUMI_EXPORT, PULUMI_EVENTS, PULUMI_UPDATE_PLAN, PULUMI_PROGRAM,
        TOLLGATE_PLAN
    }
}
