package stacks.sovereignde;

import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.inputs.ProviderEndpointArgs;

/**
 * The AWS partition a region belongs to, for ARNs and endpoints. Only the European Sovereign Cloud needs care:
 * its ARNs say {@code aws-eusc} and its endpoints live under {@code amazonaws.eu} (botocore's dnsSuffix).
 */
record Partition(String name, String dnsSuffix) {
    static Partition of(String region) {
        return region.startsWith("eusc-") ? new Partition("aws-eusc", "amazonaws.eu") : new Partition("aws", "amazonaws.com");
    }

    boolean sovereign() {
        return name.equals("aws-eusc");
    }

    String managedPolicy(String policy) {
        return "arn:" + name + ":iam::aws:policy/" + policy;
    }

    /**
     * com.pulumi:aws 6.83.0 predates aws-eusc: tell its provider the endpoints of the services this stack uses
     * and skip its region list, which does not know eusc-de-east-1.
     */
    ProviderArgs.Builder configure(ProviderArgs.Builder provider, String region) {
        if (!sovereign()) return provider;
        return provider.skipRegionValidation(true)
                .stsRegion(region)
                .endpoints(ProviderEndpointArgs.builder()
                        .ec2(endpoint("ec2", region))
                        .s3(endpoint("s3", region))
                        .kms(endpoint("kms", region))
                        .iam(endpoint("iam", region))
                        .sts(endpoint("sts", region))
                        .build());
    }

    private String endpoint(String service, String region) {
        return "https://" + service + "." + region + "." + dnsSuffix;
    }
}
