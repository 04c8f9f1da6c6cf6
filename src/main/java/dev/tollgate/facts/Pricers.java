package dev.tollgate.facts;

import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Resource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Which pricer handles which native type, and which resources the providers do not charge for. */
final class Pricers {

    private Pricers() {}

    private static final Map<String, Pricer> BY_TYPE = build();

    private static Map<String, Pricer> build() {
        Map<String, Pricer> m = new HashMap<>();
        AwsCompute.register(m);
        AwsStorage.register(m);
        AwsNetwork.register(m);
        GcpCompute.register(m);
        GcpServices.register(m);
        AzureCompute.register(m);
        AzureServices.register(m);
        return Map.copyOf(m);
    }

    static Pricer forType(String type) {
        return BY_TYPE.get(type);
    }

    static Set<String> supportedTypes() {
        return BY_TYPE.keySet();
    }

    /** Kinds that never carry a charge of their own. */
    private static final Set<String> FREE_KINDS = Set.of(
            Kinds.NETWORK_VPC, Kinds.NETWORK_SUBNET, Kinds.SECURITY_IAM, Kinds.STORAGE_BUCKET_POLICY,
            Kinds.META_PROVIDER, Kinds.META_STACK);

    /** Native types the providers do not bill: networks, security groups, routes, identities, bucket settings. */
    private static final Set<String> FREE_TYPES = Set.of(
            // AWS
            "aws_vpc", "aws_subnet", "aws_security_group", "aws_security_group_rule", "aws_default_security_group",
            "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_route_table",
            "aws_route_table_association", "aws_route", "aws_default_route_table", "aws_internet_gateway",
            "aws_egress_only_internet_gateway", "aws_network_acl", "aws_network_acl_rule", "aws_default_network_acl",
            "aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association", "aws_iam_role", "aws_iam_policy", "aws_iam_role_policy",
            "aws_iam_role_policy_attachment", "aws_iam_instance_profile", "aws_iam_user", "aws_iam_group",
            "aws_iam_openid_connect_provider", "aws_iam_policy_attachment", "aws_eks_access_entry",
            "aws_eks_access_policy_association", "aws_kms_alias", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_ownership_controls",
            "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_acl", "aws_placement_group", "aws_key_pair",
            "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:ec2/routeTable:RouteTable",
            "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/route:Route", "aws:ec2/internetGateway:InternetGateway",
            "aws:iam/role:Role", "aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/instanceProfile:InstanceProfile",
            "aws:kms/alias:Alias", "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:ec2/keyPair:KeyPair",
            // GCP
            "google_compute_network", "google_compute_subnetwork", "google_compute_firewall", "google_compute_router",
            "google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy", "google_service_account",
            "google_service_account_iam_member", "google_service_account_iam_binding", "google_storage_bucket_iam_member",
            "google_storage_bucket_iam_binding", "google_kms_key_ring", "google_kms_crypto_key_iam_member",
            "google_kms_crypto_key_iam_binding", "google_project_service",
            "gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/firewall:Firewall",
            "gcp:compute/router:Router", "gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding",
            "gcp:serviceaccount/account:Account", "gcp:kms/keyRing:KeyRing", "gcp:projects/service:Service",
            "gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding",
            // Azure
            "azurerm_resource_group", "azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group",
            "azurerm_network_security_rule", "azurerm_subnet_network_security_group_association", "azurerm_network_interface",
            "azurerm_role_assignment", "azurerm_user_assigned_identity", "azurerm_key_vault", "azurerm_key_vault_access_policy",
            "azurerm_subnet_nat_gateway_association", "azurerm_nat_gateway_public_ip_association", "azurerm_route_table",
            "azurerm_subnet_route_table_association",
            "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:Subnet",
            "azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule",
            "azure-native:network:NetworkInterface", "azure-native:network:RouteTable",
            "azure-native:authorization:RoleAssignment", "azure-native:managedidentity:UserAssignedIdentity",
            "azure-native:keyvault:Vault");

    static boolean isFree(Resource r) {
        return FREE_TYPES.contains(r.type()) || FREE_KINDS.contains(r.kind());
    }

    /** Kubernetes objects run on nodes that are priced as their node groups. */
    static boolean runsOnPricedNodes(Resource r) {
        return r.provider() == Resource.Provider.KUBERNETES;
    }
}
