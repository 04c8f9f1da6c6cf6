package dev.tollgate.plan;

/**
 * Normalized resource kinds. A kind is a plain string so user catalogues can add their own,
 * but these are the ones Tollgate's readers, estimator and policies agree on.
 * The mapping from native types lives in {@code src/main/resources/plan/kinds.json}.
 */
public final class Kinds {
    private Kinds() {}

    public static final String COMPUTE_INSTANCE = "compute.instance";
    public static final String COMPUTE_GPU_NODE_GROUP = "compute.gpu_node_group";
    /** A node group, pool or scale set; becomes {@link #COMPUTE_GPU_NODE_GROUP} when its machine type has GPUs. */
    public static final String COMPUTE_NODE_GROUP = "compute.node_group";
    public static final String COMPUTE_LAUNCH_TEMPLATE = "compute.launch_template";
    public static final String COMPUTE_K8S_CLUSTER = "compute.k8s_cluster";
    /** Serverless functions (Lambda, Cloud Functions, Azure Functions). */
    public static final String COMPUTE_FUNCTION = "compute.function";
    public static final String STORAGE_OBJECT_BUCKET = "storage.object_bucket";
    public static final String STORAGE_BUCKET_REPLICATION = "storage.bucket_replication";
    public static final String STORAGE_BUCKET_POLICY = "storage.bucket_policy";
    public static final String STORAGE_BLOCK_VOLUME = "storage.block_volume";
    public static final String STORAGE_SNAPSHOT = "storage.snapshot";
    public static final String STORAGE_BACKUP = "storage.backup";
    public static final String STORAGE_FILE_SYSTEM = "storage.file_system";
    public static final String STORAGE_DATABASE = "storage.database";
    public static final String STORAGE_LOG = "storage.log";
    public static final String NETWORK_VPC = "network.vpc";
    public static final String NETWORK_SUBNET = "network.subnet";
    public static final String NETWORK_NAT_GATEWAY = "network.nat_gateway";
    public static final String NETWORK_LOAD_BALANCER = "network.load_balancer";
    public static final String NETWORK_PEERING = "network.peering";
    public static final String NETWORK_FIREWALL = "network.firewall";
    public static final String NETWORK_CDN = "network.cdn";
    public static final String NETWORK_DNS = "network.dns";
    public static final String NETWORK_ADDRESS = "network.address";
    /** Route tables, routes, internet gateways: plumbing that moves no data by itself. */
    public static final String NETWORK_ROUTE = "network.route";
    /** Topics, queues and event rules. */
    public static final String MESSAGING_QUEUE = "messaging.queue";
    public static final String SECURITY_KMS_KEY = "security.kms_key";
    public static final String SECURITY_IAM = "security.iam";
    public static final String SECURITY_SECRET = "security.secret";
    public static final String KUBERNETES_WORKLOAD = "kubernetes.workload";
    /** Kubernetes objects that run nothing: namespaces, services, config maps, RBAC. */
    public static final String KUBERNETES_OBJECT = "kubernetes.object";
    public static final String META_PROVIDER = "meta.provider";
    public static final String META_STACK = "meta.stack";
    /** A Pulumi component resource: a logical grouping whose children carry the real resources. */
    public static final String META_COMPONENT = "meta.component";
    /** Resources that exist only in state (null_resource, random_*, time_*): no cloud location, no cost. */
    public static final String META_UTILITY = "meta.utility";
    /** A native type Tollgate does not know; the plan carries a note saying which. */
    public static final String OTHER = "other";
}
