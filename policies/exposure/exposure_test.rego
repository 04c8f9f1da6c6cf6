package tollgate.exposure_test

import data.tollgate.exposure

params := {
	"approved_gpu_types": ["p5.48xlarge", "g2-standard-8"],
	"open_cidrs": ["0.0.0.0/0", "::/0"],
}

eu := {"region": "eu-central-1", "known": true, "basis": "provider_config", "jurisdictions": ["DE", "EU"]}

res(address, type, kind, values) := {
	"address": address, "mode": "managed", "action": "create", "provider": "aws", "type": type,
	"kind": kind, "location": eu, "tags": {}, "values": values, "unknown_paths": [], "gpu": null,
}

gpu_nodes(machine_type) := object.union(res("aws_eks_node_group.gpu", "aws_eks_node_group", "compute.gpu_node_group", {}), {
	"machine": {"type": machine_type, "types": [machine_type], "attribute": "/instance_types/0", "unknown": false},
	"gpu": {"model": "NVIDIA H100 80GB", "per_instance": 8, "count": 16, "offered_in_region": true},
})

edge(from, to) := {"from": from, "to": to, "kind": "reference"}

check(resources, edges) := vs if {
	vs := exposure.violation with data.params.exposure as params
		with input as {"resources": resources, "edges": edges}
}

policies(vs) := {v.policy | some v in vs}

bucket := res("aws_s3_bucket.b", "aws_s3_bucket", "storage.object_bucket", {})

# ---------------------------------------------------------------- public buckets

test_private_bucket_allows if {
	count(check([bucket], [])) == 0
}

test_public_acl_denies if {
	vs := check([res("aws_s3_bucket.b", "aws_s3_bucket", "storage.object_bucket", {"acl": "public-read"})], [])
	some v in vs
	v.policy == "exposure.public_bucket"
	v.msg == "aws_s3_bucket.b is public: its ACL is public-read"
}

test_public_bucket_policy_denies if {
	policy := res("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", "storage.bucket_policy", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]})})
	vs := check([bucket, policy], [edge("aws_s3_bucket_policy.b", "aws_s3_bucket.b")])
	some v in vs
	v.policy == "exposure.public_bucket"
	v.data.reasons == ["aws_s3_bucket_policy.b allows Principal \"*\""]
}

test_conditional_bucket_policy_allows if {
	doc := {"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}}
	policy := res("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", "storage.bucket_policy", {"policy": json.marshal(doc)})
	count(check([bucket, policy], [edge("aws_s3_bucket_policy.b", "aws_s3_bucket.b")])) == 0
}

test_gcs_all_users_member_denies if {
	member := res("google_storage_bucket_iam_member.pub", "google_storage_bucket_iam_member", "security.iam", {"member": "allUsers", "role": "roles/storage.objectViewer"})
	gcs := res("google_storage_bucket.b", "google_storage_bucket", "storage.object_bucket", {})
	vs := check([gcs, member], [edge("google_storage_bucket_iam_member.pub", "google_storage_bucket.b")])
	"exposure.public_bucket" in policies(vs)
}

# ---------------------------------------------------------------- ingress

sg(ingress) := res("aws_security_group.nodes", "aws_security_group", "network.firewall", {"ingress": ingress})

with_template(node_group, group) := [
	[
		node_group,
		res("aws_launch_template.gpu", "aws_launch_template", "compute.launch_template", {}),
		group,
	],
	[
		edge("aws_eks_node_group.gpu", "aws_launch_template.gpu"),
		edge("aws_launch_template.gpu", "aws_security_group.nodes"),
	],
]

test_open_ingress_through_launch_template_denies if {
	[resources, edges] := with_template(gpu_nodes("p5.48xlarge"), sg([{"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]))
	vs := check(resources, edges)
	some v in vs
	v.policy == "exposure.gpu_open_ingress"
	v.resource == "aws_eks_node_group.gpu"
	v.data.rules == ["aws_security_group.nodes ingress 0.0.0.0/0"]
}

test_private_ingress_allows if {
	[resources, edges] := with_template(gpu_nodes("p5.48xlarge"), sg([{"from_port": 22, "cidr_blocks": ["10.0.0.0/16"]}]))
	count(check(resources, edges)) == 0
}

test_open_ingress_rule_resource_denies if {
	rule := res("aws_vpc_security_group_ingress_rule.ssh", "aws_vpc_security_group_ingress_rule", "network.firewall", {"cidr_ipv6": "::/0"})
	[resources, edges] := with_template(gpu_nodes("p5.48xlarge"), sg([]))
	vs := check(array.concat(resources, [rule]), array.concat(edges, [edge("aws_vpc_security_group_ingress_rule.ssh", "aws_security_group.nodes")]))
	some v in vs
	v.policy == "exposure.gpu_open_ingress"
	v.data.rules == ["aws_vpc_security_group_ingress_rule.ssh allows ::/0"]
}

test_open_ingress_to_cpu_nodes_is_not_this_policy if {
	cpu := object.union(res("aws_eks_node_group.gpu", "aws_eks_node_group", "compute.node_group", {}), {"machine": {"type": "m7i.large", "types": ["m7i.large"], "unknown": false}})
	[resources, edges] := with_template(cpu, sg([{"cidr_blocks": ["0.0.0.0/0"]}]))
	count(check(resources, edges)) == 0
}

test_gcp_firewall_on_cluster_network_denies if {
	pool := object.union(gpu_nodes("g2-standard-8"), {"address": "google_container_node_pool.l4", "provider": "gcp", "values": {"node_config": [{"tags": ["gpu"]}]}})
	fw := object.union(res("google_compute_firewall.ssh", "google_compute_firewall", "network.firewall", {"source_ranges": ["0.0.0.0/0"], "target_tags": ["gpu"]}), {"provider": "gcp"})
	vs := check(
		[
			pool, fw,
			res("google_container_cluster.main", "google_container_cluster", "compute.k8s_cluster", {}),
			res("google_compute_network.main", "google_compute_network", "network.vpc", {}),
		],
		[
			edge("google_container_node_pool.l4", "google_container_cluster.main"),
			edge("google_container_cluster.main", "google_compute_network.main"),
			edge("google_compute_firewall.ssh", "google_compute_network.main"),
		],
	)
	some v in vs
	v.policy == "exposure.gpu_open_ingress"
	v.resource == "google_container_node_pool.l4"
}

# ---------------------------------------------------------------- encryption

test_encrypted_volume_allows if {
	count(check([res("aws_ebs_volume.v", "aws_ebs_volume", "storage.block_volume", {"encrypted": true})], [])) == 0
}

test_unencrypted_volume_denies if {
	vs := check([res("aws_ebs_volume.v", "aws_ebs_volume", "storage.block_volume", {"encrypted": false})], [])
	some v in vs
	v.policy == "exposure.unencrypted_storage"
	v.msg == "aws_ebs_volume.v is not encrypted at rest (encrypted = false)"
}

test_encryption_left_to_apply_is_indeterminate if {
	volume := object.union(res("aws_ebs_volume.v", "aws_ebs_volume", "storage.block_volume", {}), {"unknown_paths": ["/encrypted"]})
	vs := check([volume], [])
	some v in vs
	v.policy == "exposure.unencrypted_storage"
	v.indeterminate
	v.unknown == ["aws_ebs_volume.v:/encrypted"]
}

# ---------------------------------------------------------------- GPU types and capacity

test_approved_gpu_type_allows if {
	count(check([gpu_nodes("p5.48xlarge")], [])) == 0
}

test_unapproved_gpu_type_denies if {
	vs := check([gpu_nodes("p4de.24xlarge")], [])
	some v in vs
	v.policy == "exposure.gpu_type_approved"
	v.data.machine_type == "p4de.24xlarge"
}

test_machine_type_unknown_is_indeterminate if {
	unknown := object.union(res("aws_instance.x", "aws_instance", "compute.instance", {}), {"machine": {"type": null, "types": [], "attribute": "/instance_type", "unknown": true}})
	vs := check([unknown], [])
	some v in vs
	v.policy == "exposure.gpu_type_approved"
	v.indeterminate
	v.unknown == ["aws_instance.x:/instance_type"]
}

test_gpu_without_catalogue_capacity_warns if {
	nodes := object.union(gpu_nodes("p5.48xlarge"), {"gpu": {"model": "NVIDIA H100 80GB", "per_instance": 8, "count": 16, "offered_in_region": false}})
	vs := check([nodes], [])
	some v in vs
	v.policy == "exposure.gpu_region_capacity"
	v.data.region == "eu-central-1"
}

test_acl_known_only_at_apply_is_indeterminate if {
	acl := object.union(res("aws_s3_bucket_acl.b", "aws_s3_bucket_acl", "storage.bucket_policy", {}), {"unknown_paths": ["/acl"]})
	vs := check([bucket, acl], [edge("aws_s3_bucket_acl.b", "aws_s3_bucket.b")])
	some v in vs
	v.policy == "exposure.public_bucket"
	v.indeterminate
	v.unknown == ["aws_s3_bucket_acl.b:/acl"]
}

test_bucket_own_computed_acl_is_not_indeterminate if {
	b := object.union(bucket, {"unknown_paths": ["/acl"]})
	count(check([b], [])) == 0
}

test_ingress_source_known_only_at_apply_is_indeterminate if {
	group := object.union(sg([{"from_port": 22}]), {"unknown_paths": ["/ingress/0/cidr_blocks"]})
	[resources, edges] := with_template(gpu_nodes("p5.48xlarge"), group)
	vs := check(resources, edges)
	some v in vs
	v.policy == "exposure.gpu_open_ingress"
	v.indeterminate
	v.unknown == ["aws_security_group.nodes:/ingress/0/cidr_blocks"]
}

test_gpu_in_unknown_region_is_indeterminate_for_capacity if {
	nodes := object.union(gpu_nodes("p5.48xlarge"), {"location": {"known": false, "basis": "unknown", "detail": "var.region", "jurisdictions": []}})
	vs := check([nodes], [])
	some v in vs
	v.policy == "exposure.gpu_region_capacity"
	v.indeterminate
}
