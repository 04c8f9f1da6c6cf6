package stacks.sovereignde;

import com.pulumi.aws.kms.Key;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.resources.CustomResourceOptions;

/** The dataset bucket: versioned, encrypted (with the stack's key when there is one), private unless told otherwise. */
final class DatasetBucket {
    private DatasetBucket() {}

    static BucketV2 create(String name, String bucketName, Key key, boolean publicRead, Partition partition,
                           CustomResourceOptions options) {
        var bucket = new BucketV2(name, BucketV2Args.builder().bucket(bucketName).forceDestroy(false).build(), options);

        var byDefault = BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder();
        if (key != null) byDefault.sseAlgorithm("aws:kms").kmsMasterKeyId(key.arn());
        else byDefault.sseAlgorithm("AES256");
        new BucketServerSideEncryptionConfigurationV2(name + "-encryption",
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(byDefault.build())
                                .bucketKeyEnabled(key != null)
                                .build())
                        .build(), options);

        var block = new BucketPublicAccessBlock(name + "-public-access", BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(!publicRead)
                .blockPublicPolicy(!publicRead)
                .ignorePublicAcls(!publicRead)
                .restrictPublicBuckets(!publicRead)
                .build(), options);

        new BucketVersioningV2(name + "-versioning", BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                .build(), options);

        if (publicRead) {
            new BucketPolicy(name + "-public-read", BucketPolicyArgs.builder()
                    .bucket(bucket.id())
                    .policy(bucket.bucket().applyValue(b -> """
                            {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",\
                            "Action":"s3:GetObject","Resource":"arn:%s:s3:::%s/*"}]}""".formatted(partition.name(), b)))
                    .build(), CustomResourceOptions.merge(options, CustomResourceOptions.builder().dependsOn(block).build()));
        }
        return bucket;
    }
}
