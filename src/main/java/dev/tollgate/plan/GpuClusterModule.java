package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The Terraform module {@link PlanGenerator} instantiates once per cluster: a VPC with three private subnets, NAT
 * gateway and EIP, security group, two IAM roles, an EKS cluster with a GPU node group (machine type from a launch
 * template) and a system node group, a KMS key, a dataset bucket with KMS encryption and versioning, FSx for
 * Lustre, four EBS cache volumes and a log group, with the attributes and references the AWS provider 5.x plans.
 */
final class GpuClusterModule {
    private GpuClusterModule() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String AWS = "registry.terraform.io/hashicorp/aws";
    private static final String[] GPU_TYPES = {"p5.48xlarge", "p4d.24xlarge", "g6e.12xlarge", "p5e.48xlarge", "g5.48xlarge"};

    /** One resource block of the module. */
    record Spec(String type, String name, int count, BiConsumer<Ctx, ObjectNode> values,
                List<String> unknown, ObjectNode expressions) {}

    /** What a resource's values may depend on: its cluster, instance index and region. */
    record Ctx(String cluster, int index, String region, Random random) {}

    /**
     * Attributes the AWS provider (5.x) reports with their defaults or null when the configuration leaves them
     * unset; real plans carry them, so the generated plan does too.
     */
    private static final Map<String, JsonNode> DEFAULTS = loadDefaults();

    /** Provider defaults for a type, or null. */
    static JsonNode defaults(String type) {
        return DEFAULTS.get(type);
    }

    private static Map<String, JsonNode> loadDefaults() {
        Map<String, String> json = Map.ofEntries(
                Map.entry("aws_vpc", "{\"ipv4_ipam_pool_id\":null,\"ipv4_netmask_length\":null,\"ipv6_ipam_pool_id\":null,"
                        + "\"ipv6_netmask_length\":null,\"ipv6_cidr_block_network_border_group\":null}"),
                Map.entry("aws_subnet", "{\"customer_owned_ipv4_pool\":null,\"enable_dns64\":false,\"enable_lni_at_device_index\":null,"
                        + "\"enable_resource_name_dns_a_record_on_launch\":false,\"enable_resource_name_dns_aaaa_record_on_launch\":false,"
                        + "\"ipv6_cidr_block\":null,\"ipv6_native\":false,\"map_customer_owned_ip_on_launch\":null,\"outpost_arn\":null,\"timeouts\":null}"),
                Map.entry("aws_eip", "{\"address\":null,\"associate_with_private_ip\":null,\"customer_owned_ipv4_pool\":null,\"timeouts\":null}"),
                Map.entry("aws_nat_gateway", "{\"timeouts\":null}"),
                Map.entry("aws_security_group", "{\"name_prefix\":null,\"timeouts\":null}"),
                Map.entry("aws_iam_role", "{\"description\":null,\"permissions_boundary\":null}"),
                Map.entry("aws_eks_cluster", "{\"bootstrap_self_managed_addons\":true,\"encryption_config\":[],\"outpost_config\":[],"
                        + "\"remote_network_config\":[],\"timeouts\":null}"),
                Map.entry("aws_launch_template", "{\"default_version\":null,\"description\":null,\"disable_api_stop\":null,"
                        + "\"disable_api_termination\":null,\"ebs_optimized\":null,\"elastic_gpu_specifications\":[],"
                        + "\"elastic_inference_accelerator\":[],\"image_id\":null,\"instance_initiated_shutdown_behavior\":null,"
                        + "\"kernel_id\":null,\"key_name\":null,\"ram_disk_id\":null,\"security_group_names\":null,"
                        + "\"update_default_version\":null,\"user_data\":null,\"vpc_security_group_ids\":null}"),
                Map.entry("aws_eks_node_group", "{\"force_update_version\":null,\"launch_template\":[],\"remote_access\":[],"
                        + "\"disk_size\":null,\"timeouts\":null}"),
                Map.entry("aws_kms_key", "{\"bypass_policy_lockout_safety_check\":false,\"custom_key_store_id\":null,"
                        + "\"timeouts\":null,\"xks_key_id\":null}"),
                Map.entry("aws_s3_bucket", "{\"acl\":null,\"timeouts\":null}"),
                Map.entry("aws_fsx_lustre_file_system", "{\"auto_import_policy\":null,\"backup_id\":null,\"copy_tags_to_backups\":false,"
                        + "\"drive_cache_type\":null,\"import_path\":null,\"root_squash_configuration\":[],\"skip_final_backup\":true,"
                        + "\"timeouts\":null}"),
                Map.entry("aws_ebs_volume", "{\"multi_attach_enabled\":null,\"outpost_arn\":null,\"snapshot_id\":null,\"timeouts\":null}"),
                Map.entry("aws_cloudwatch_log_group", "{\"kms_key_id\":null,\"name_prefix\":null}"));
        Map<String, JsonNode> out = new HashMap<>();
        json.forEach((type, text) -> {
            try {
                out.put(type, PlanReader.MAPPER.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(out);
    }

    private static final String USER_DATA = Base64.getEncoder().encodeToString(String.join("\n",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"//\"",
            "",
            "--//",
            "Content-Type: text/x-shellscript; charset=\"us-ascii\"",
            "#!/bin/bash",
            "set -euxo pipefail",
            "# Mount FSx for Lustre scratch and warm the NVMe instance store as a dataset cache.",
            "amazon-linux-extras install -y lustre",
            "mkdir -p /fsx /nvme-cache",
            "mdadm --create /dev/md0 --level=0 --raid-devices=8 /dev/nvme[1-8]n1 || true",
            "mkfs.xfs -f /dev/md0 && mount /dev/md0 /nvme-cache",
            "echo 'vm.max_map_count=1048576' >> /etc/sysctl.d/99-training.conf && sysctl --system",
            "nvidia-smi -pm 1 && nvidia-smi --auto-boost-default=0",
            "/etc/eks/bootstrap.sh \"$CLUSTER_NAME\" --kubelet-extra-args '--node-labels=workload=training --register-with-taints=nvidia.com/gpu=true:NoSchedule'",
            "--//--").getBytes(StandardCharsets.UTF_8));

    private static final String KMS_POLICY = "{\"Version\":\"2012-10-17\",\"Id\":\"CLUSTER-datasets\",\"Statement\":["
            + "{\"Sid\":\"RootAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
            + "{\"Sid\":\"KeyAdministrators\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:role/platform-admin\"},"
            + "\"Action\":[\"kms:Create*\",\"kms:Describe*\",\"kms:Enable*\",\"kms:List*\",\"kms:Put*\",\"kms:Update*\",\"kms:Revoke*\",\"kms:Disable*\","
            + "\"kms:Get*\",\"kms:Delete*\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:ScheduleKeyDeletion\",\"kms:CancelKeyDeletion\"],\"Resource\":\"*\"},"
            + "{\"Sid\":\"TrainingNodes\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:role/CLUSTER-node\"},"
            + "\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:GenerateDataKey*\"],\"Resource\":\"*\"}]}";

    private static final String ROLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\",\"s3:ListBucket\",\"s3:GetBucketLocation\"],"
            + "\"Resource\":[\"arn:aws:s3:::acme-CLUSTER-datasets\",\"arn:aws:s3:::acme-CLUSTER-datasets/*\"]},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"fsx:DescribeFileSystems\",\"fsx:DescribeDataRepositoryTasks\"],\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"arn:aws:kms:*:123456789012:key/*\"}]}";

    private static ObjectNode tags(ObjectNode v, Ctx c, String component) {
        ObjectNode tags = v.putObject("tags");
        tags.put("Name", c.cluster() + "-" + component);
        tags.put("component", component);
        ObjectNode all = v.putObject("tags_all");
        all.setAll(tags);
        all.put("team", "ml-platform");
        all.put("project", "llm-pretraining");
        all.put("cost-center", "cc-" + (4100 + c.cluster().hashCode() % 7));
        all.put("environment", "prod");
        all.put("data-classification", "restricted");
        // Real organisations carry a dozen provider default tags, and they make up much of a plan's size.
        all.put("owner", "ml-platform-oncall@acme.example");
        all.put("repository", "https://git.acme.example/ml-platform/infrastructure/gpu-clusters");
        all.put("terraform-workspace", "prod-" + c.region());
        all.put("compliance", "iso27001,soc2-type2,gdpr");
        all.put("backup-policy", "daily-35d-cross-account");
        all.put("finops-budget", "llm-pretraining-2025-q1");
        all.put("managed-by", "terraform");
        all.put("cost-allocation", "ml-platform/llm-pretraining/gpu-training");
        all.put("support-contact", "https://oncall.acme.example/teams/ml-platform");
        return tags;
    }

    static List<Spec> specs() {
        List<Spec> s = new ArrayList<>();
        s.add(new Spec("aws_vpc", "this", 1, (c, v) -> {
            v.put("cidr_block", "10." + c.random().nextInt(250) + ".0.0/16");
            v.put("enable_dns_hostnames", true);
            v.put("enable_dns_support", true);
            v.put("instance_tenancy", "default");
            v.put("assign_generated_ipv6_cidr_block", false);
            tags(v, c, "vpc");
        }, List.of("arn", "id", "default_route_table_id", "main_route_table_id", "owner_id", "default_security_group_id"),
                expr("cidr_block", "var.cidr")));
        s.add(new Spec("aws_subnet", "private", 3, (c, v) -> {
            v.put("availability_zone", c.region() + (char) ('a' + c.index()));
            v.put("cidr_block", "10.0." + (c.index() * 64) + ".0/18");
            v.put("map_public_ip_on_launch", false);
            v.put("assign_ipv6_address_on_creation", false);
            tags(v, c, "subnet-private-" + c.index());
        }, List.of("arn", "id", "vpc_id", "owner_id", "availability_zone_id"),
                expr("vpc_id", "aws_vpc.this.id", "aws_vpc.this")));
        s.add(new Spec("aws_eip", "nat", 1, (c, v) -> {
            v.put("domain", "vpc");
            tags(v, c, "nat-eip");
        }, List.of("id", "allocation_id", "public_ip", "public_dns"), F.objectNode()));
        s.add(new Spec("aws_nat_gateway", "this", 1, (c, v) -> {
            v.put("connectivity_type", "public");
            tags(v, c, "nat");
        }, List.of("id", "allocation_id", "subnet_id", "network_interface_id", "private_ip", "public_ip"),
                expr("allocation_id", "aws_eip.nat.id", "aws_eip.nat", "subnet_id", "aws_subnet.private[0].id", "aws_subnet.private[0]")));
        s.add(new Spec("aws_security_group", "nodes", 1, (c, v) -> {
            v.put("name", c.cluster() + "-nodes");
            v.put("description", "EKS worker nodes and FSx clients");
            v.put("revoke_rules_on_delete", false);
            ArrayNode egress = v.putArray("egress");
            ObjectNode rule = egress.addObject();
            rule.putArray("cidr_blocks").add("0.0.0.0/0");
            rule.putArray("ipv6_cidr_blocks").add("::/0");
            rule.putArray("prefix_list_ids");
            rule.putArray("security_groups");
            rule.put("from_port", 0).put("to_port", 0).put("protocol", "-1").put("self", false).put("description", "all egress");
            ArrayNode ingress = v.putArray("ingress");
            int[][] ports = {{988, 988}, {1018, 1023}, {443, 443}, {10250, 10250}, {53, 53}, {30000, 32767}};
            String[] what = {"Lustre", "Lustre LNet", "API server to kubelet", "kubelet", "CoreDNS", "NodePort services"};
            for (int p = 0; p < ports.length; p++) {
                ObjectNode in = ingress.addObject();
                in.putArray("cidr_blocks").add("10.0.0.0/16");
                in.putArray("ipv6_cidr_blocks");
                in.putArray("prefix_list_ids");
                in.putArray("security_groups");
                in.put("from_port", ports[p][0]).put("to_port", ports[p][1]).put("protocol", "tcp").put("self", p < 2).put("description", what[p]);
            }
            tags(v, c, "sg-nodes");
        }, List.of("arn", "id", "vpc_id", "owner_id"), expr("vpc_id", "aws_vpc.this.id", "aws_vpc.this")));
        for (String role : List.of("cluster", "node")) {
            s.add(new Spec("aws_iam_role", role, 1, (c, v) -> {
                v.put("name", c.cluster() + "-" + role);
                v.put("path", "/");
                v.put("max_session_duration", 3600);
                v.put("force_detach_policies", false);
                v.putArray("inline_policy").addObject().put("name", "datasets-read").put("policy", ROLE_POLICY.replace("CLUSTER", c.cluster()));
                v.put("assume_role_policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                        + (role.equals("cluster") ? "eks" : "ec2") + ".amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                tags(v, c, "role-" + role);
            }, List.of("arn", "id", "unique_id", "create_date"), F.objectNode()));
        }
        s.add(new Spec("aws_eks_cluster", "this", 1, (c, v) -> {
            v.put("name", c.cluster());
            v.put("version", "1.30");
            v.putArray("enabled_cluster_log_types").add("api").add("audit");
            ObjectNode vpc = v.putArray("vpc_config").addObject();
            vpc.put("endpoint_private_access", true).put("endpoint_public_access", false);
            tags(v, c, "eks");
        }, List.of("arn", "id", "endpoint", "role_arn", "platform_version", "status", "certificate_authority"),
                expr("role_arn", "aws_iam_role.cluster.arn", "aws_iam_role.cluster", "vpc_config.subnet_ids", "aws_subnet.private")));
        s.add(new Spec("aws_launch_template", "gpu", 1, (c, v) -> {
            v.put("name_prefix", c.cluster() + "-gpu-");
            v.put("user_data", USER_DATA);
            v.put("instance_type", GPU_TYPES[c.random().nextInt(GPU_TYPES.length)]);
            ObjectNode bdm = v.putArray("block_device_mappings").addObject();
            bdm.put("device_name", "/dev/xvda");
            bdm.putArray("ebs").addObject().put("volume_size", 500).put("volume_type", "gp3").put("encrypted", "true").put("iops", 3000);
            v.putArray("metadata_options").addObject().put("http_tokens", "required").put("http_put_response_hop_limit", 2);
            tags(v, c, "lt-gpu");
        }, List.of("arn", "id", "latest_version", "name"), F.objectNode()));
        for (String group : List.of("gpu", "system")) {
            boolean gpu = group.equals("gpu");
            s.add(new Spec("aws_eks_node_group", group, 1, (c, v) -> {
                v.put("node_group_name", c.cluster() + "-" + group);
                v.put("capacity_type", gpu ? "ON_DEMAND" : "SPOT");
                v.put("ami_type", gpu ? "AL2_x86_64_GPU" : "AL2023_x86_64_STANDARD");
                if (!gpu) v.putArray("instance_types").add("m6i.2xlarge");
                ObjectNode scaling = v.putArray("scaling_config").addObject();
                scaling.put("desired_size", gpu ? 2 : 3).put("max_size", gpu ? 4 : 6).put("min_size", gpu ? 0 : 2);
                v.putObject("labels").put("workload", gpu ? "training" : "system");
                if (gpu) v.putArray("taints").addObject().put("key", "nvidia.com/gpu").put("value", "true").put("effect", "NO_SCHEDULE");
                v.putArray("update_config").addObject().put("max_unavailable", 1);
                tags(v, c, "ng-" + group);
            }, List.of("arn", "id", "cluster_name", "node_role_arn", "status", "resources", "release_version"),
                    gpu ? expr("cluster_name", "aws_eks_cluster.this.name", "aws_eks_cluster.this", "node_role_arn", "aws_iam_role.node.arn",
                            "aws_iam_role.node", "subnet_ids", "aws_subnet.private", "launch_template.id", "aws_launch_template.gpu.id", "aws_launch_template.gpu")
                        : expr("cluster_name", "aws_eks_cluster.this.name", "aws_eks_cluster.this", "node_role_arn", "aws_iam_role.node.arn",
                            "aws_iam_role.node", "subnet_ids", "aws_subnet.private")));
        }
        s.add(new Spec("aws_kms_key", "data", 1, (c, v) -> {
            v.put("description", "Datasets of " + c.cluster());
            v.put("enable_key_rotation", true);
            v.put("deletion_window_in_days", 30);
            v.put("key_usage", "ENCRYPT_DECRYPT");
            v.put("customer_master_key_spec", "SYMMETRIC_DEFAULT");
            v.put("multi_region", false);
            v.put("is_enabled", true);
            v.put("policy", KMS_POLICY.replace("CLUSTER", c.cluster()));
            tags(v, c, "kms-data");
        }, List.of("arn", "id", "key_id", "policy"), F.objectNode()));
        s.add(new Spec("aws_s3_bucket", "datasets", 1, (c, v) -> {
            v.put("bucket", "acme-" + c.cluster() + "-datasets");
            v.put("force_destroy", false);
            v.put("object_lock_enabled", false);
            tags(v, c, "datasets");
        }, List.of("arn", "id", "region", "bucket_domain_name", "bucket_regional_domain_name", "hosted_zone_id", "acceleration_status"),
                F.objectNode()));
        s.add(new Spec("aws_s3_bucket_server_side_encryption_configuration", "datasets", 1, (c, v) -> {
            ObjectNode rule = v.putArray("rule").addObject();
            rule.put("bucket_key_enabled", true);
            rule.putArray("apply_server_side_encryption_by_default").addObject().put("sse_algorithm", "aws:kms");
            v.putNull("expected_bucket_owner");
        }, List.of("id", "bucket", "rule"), expr("bucket", "aws_s3_bucket.datasets.id", "aws_s3_bucket.datasets",
                "rule.apply_server_side_encryption_by_default.kms_master_key_id", "aws_kms_key.data.arn", "aws_kms_key.data")));
        s.add(new Spec("aws_s3_bucket_versioning", "datasets", 1, (c, v) -> {
            v.putArray("versioning_configuration").addObject().put("status", "Enabled");
            v.putNull("mfa");
        }, List.of("id", "bucket"), expr("bucket", "aws_s3_bucket.datasets.id", "aws_s3_bucket.datasets")));
        s.add(new Spec("aws_fsx_lustre_file_system", "scratch", 1, (c, v) -> {
            v.put("storage_capacity", 4800 * (1 + c.random().nextInt(5)));
            v.put("deployment_type", "PERSISTENT_2");
            v.put("per_unit_storage_throughput", 250);
            v.put("storage_type", "SSD");
            v.put("data_compression_type", "LZ4");
            v.put("file_system_type_version", "2.15");
            tags(v, c, "fsx-scratch");
        }, List.of("arn", "id", "dns_name", "mount_name", "subnet_ids", "security_group_ids", "network_interface_ids", "kms_key_id"),
                expr("subnet_ids", "aws_subnet.private[0].id", "aws_subnet.private[0]", "security_group_ids", "aws_security_group.nodes.id",
                        "aws_security_group.nodes")));
        s.add(new Spec("aws_ebs_volume", "cache", 4, (c, v) -> {
            v.put("availability_zone", c.region() + (char) ('a' + c.index() % 3));
            v.put("size", 2000);
            v.put("type", "gp3");
            v.put("iops", 6000);
            v.put("throughput", 500);
            v.put("encrypted", true);
            v.put("final_snapshot", false);
            tags(v, c, "cache-" + c.index());
        }, List.of("arn", "id", "kms_key_id", "snapshot_id"), expr("kms_key_id", "aws_kms_key.data.arn", "aws_kms_key.data")));
        s.add(new Spec("aws_cloudwatch_log_group", "eks", 1, (c, v) -> {
            v.put("name", "/aws/eks/" + c.cluster() + "/cluster");
            v.put("retention_in_days", 30);
            v.put("skip_destroy", false);
            v.put("log_group_class", "STANDARD");
            tags(v, c, "logs");
        }, List.of("arn", "id"), F.objectNode()));
        return s;
    }

    /** Expressions with references, as Terraform writes them: attribute (dotted for nested blocks), then its references. */
    private static ObjectNode expr(String... pairs) {
        ObjectNode e = F.objectNode();
        String attribute = null;
        for (String p : pairs) {
            boolean isAttribute = !p.contains(".") || (!p.startsWith("aws_") && !p.startsWith("var."));
            if (isAttribute) {
                attribute = p;
                continue;
            }
            ObjectNode at = e;
            String[] path = attribute.split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                at = at.has(path[i]) ? (ObjectNode) at.get(path[i]).get(0) : at.putArray(path[i]).addObject();
            }
            ObjectNode leaf = at.has(path[path.length - 1]) ? (ObjectNode) at.get(path[path.length - 1]) : at.putObject(path[path.length - 1]);
            (leaf.has("references") ? (ArrayNode) leaf.get("references") : leaf.putArray("references")).add(p);
        }
        return e;
    }

    static ObjectNode configuration(List<Spec> specs) {
        ObjectNode c = F.objectNode();
        ObjectNode providers = c.putObject("provider_config");
        ObjectNode aws = providers.putObject("aws");
        aws.put("name", "aws").put("full_name", AWS).put("version_constraint", "~> 5.70");
        aws.putObject("expressions").putObject("region").putArray("references").add("var.region");
        ObjectNode us = providers.putObject("aws.us");
        us.put("name", "aws").put("full_name", AWS).put("alias", "us").put("version_constraint", "~> 5.70");
        us.putObject("expressions").putObject("region").put("constant_value", "us-east-1");
        ObjectNode root = c.putObject("root_module");
        ObjectNode calls = root.putObject("module_calls");
        for (String side : List.of("eu", "us")) {
            ObjectNode call = calls.putObject("cluster_" + side);
            call.put("source", "./modules/gpu-cluster");
            call.putObject("for_each_expression").putArray("references").add("var.clusters_" + side);
            ObjectNode module = call.putObject("module");
            ArrayNode resources = module.putArray("resources");
            for (Spec s : specs) {
                ObjectNode r = resources.addObject();
                r.put("address", s.type() + "." + s.name());
                r.put("mode", "managed");
                r.put("type", s.type());
                r.put("name", s.name());
                r.put("provider_config_key", side.equals("eu") ? "aws" : "aws.us");
                r.set("expressions", s.expressions());
                r.put("schema_version", 0);
                if (s.count() > 1) r.putObject("count_expression").put("constant_value", s.count());
            }
            module.putObject("variables").putObject("cidr").put("default", "10.0.0.0/16");
        }
        ObjectNode variables = root.putObject("variables");
        variables.putObject("region").put("default", "eu-central-1");
        variables.putObject("clusters_eu");
        variables.putObject("clusters_us");
        return c;
    }
}
