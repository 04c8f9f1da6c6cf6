package tollgate.residency_test

import data.tollgate.residency

params := {
	"classification_tag": "data-classification",
	"allowed_jurisdictions": {"personal": ["EU", "NO"], "restricted": ["EU"]},
	"store_kinds": ["storage.object_bucket", "storage.file_system"],
	"mover_kinds": ["storage.bucket_replication", "security.iam", "network.peering"],
	"barrier_kinds": ["network.vpc", "network.subnet", "security.kms_key"],
}

eu := {"region": "eu-central-1", "known": true, "basis": "provider_config", "jurisdictions": ["DE", "EU"]}

us := {"region": "us-east-1", "known": true, "basis": "provider_config", "jurisdictions": ["US"]}

oslo := {"region": "eu-north-2", "known": true, "basis": "attribute", "jurisdictions": ["NO"]}

nowhere := {"region": null, "known": false, "basis": "unknown", "detail": "region from data.aws_region.current", "jurisdictions": []}

global := {"region": null, "known": false, "basis": "global", "detail": "IAM is global", "jurisdictions": []}

res(address, kind, location, tags) := {
	"address": address, "mode": "managed", "action": "create", "provider": "aws",
	"kind": kind, "location": location, "tags": tags, "values": {}, "unknown_paths": [],
}

restricted := {"data-classification": "restricted"}

edge(from, to) := {"from": from, "to": to, "kind": "reference"}

check(resources, edges) := vs if {
	vs := residency.violation with data.params.residency as params
		with input as {"resources": resources, "edges": edges, "catalogue": {"regions": {"aws": {
			"us-east-1": {"jurisdictions": ["US"]},
			"eu-west-1": {"jurisdictions": ["IE", "EU"]},
		}}}}
}

policies(vs) := {v.policy | some v in vs}

bucket := res("aws_s3_bucket.datasets", "storage.object_bucket", eu, restricted)

test_store_in_allowed_jurisdiction_allows if {
	count(check([bucket], [])) == 0
}

test_store_outside_allowed_jurisdiction_denies if {
	vs := check([res("aws_s3_bucket.datasets", "storage.object_bucket", us, restricted)], [])
	some v in vs
	v.policy == "residency.store_jurisdiction"
	v.resource == "aws_s3_bucket.datasets"
	contains(v.msg, "us-east-1 (US)")
	not v.indeterminate
}

test_unclassified_store_anywhere_allows if {
	count(check([res("aws_s3_bucket.logs", "storage.object_bucket", us, {})], [])) == 0
}

test_classification_is_case_insensitive if {
	vs := check([res("aws_s3_bucket.d", "storage.object_bucket", us, {"data-classification": "Restricted"})], [])
	"residency.store_jurisdiction" in policies(vs)
}

test_personal_data_may_live_in_norway if {
	count(check([res("aws_s3_bucket.d", "storage.object_bucket", oslo, {"data-classification": "personal"})], [])) == 0
}

test_store_in_unknown_region_is_indeterminate if {
	vs := check([res("aws_s3_bucket.d", "storage.object_bucket", nowhere, restricted)], [])
	some v in vs
	v.policy == "residency.store_jurisdiction"
	v.indeterminate
	v.unknown == ["aws_s3_bucket.d:region from data.aws_region.current"]
}

test_replica_outside_jurisdiction_names_the_path if {
	vs := check(
		[
			bucket,
			res("aws_s3_bucket_replication_configuration.datasets", "storage.bucket_replication", eu, {}),
			res("aws_s3_bucket.replica", "storage.object_bucket", us, {}),
		],
		[
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.datasets"),
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"),
		],
	)
	some v in vs
	v.policy == "residency.data_flow"
	v.resource == "aws_s3_bucket.replica"
	v.data.path == ["aws_s3_bucket.datasets", "aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"]
	contains(v.msg, "aws_s3_bucket.datasets -> aws_s3_bucket_replication_configuration.datasets -> aws_s3_bucket.replica")
}

test_replica_inside_jurisdiction_allows if {
	vs := check(
		[
			bucket,
			res("aws_s3_bucket_replication_configuration.datasets", "storage.bucket_replication", eu, {}),
			res("aws_s3_bucket.replica", "storage.object_bucket", eu, {}),
		],
		[
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.datasets"),
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"),
		],
	)
	count(vs) == 0
}

# store <- IAM policy <- attachment -> role <- node group: the node group reads the store.
iam_chain(node_location) := [
	[
		bucket,
		res("aws_iam_policy.read", "security.iam", global, {}),
		res("aws_iam_role_policy_attachment.read", "security.iam", global, {}),
		res("aws_iam_role.nodes", "security.iam", global, {}),
		res("aws_eks_node_group.gpu", "compute.gpu_node_group", node_location, {}),
	],
	[
		edge("aws_iam_policy.read", "aws_s3_bucket.datasets"),
		edge("aws_iam_role_policy_attachment.read", "aws_iam_policy.read"),
		edge("aws_iam_role_policy_attachment.read", "aws_iam_role.nodes"),
		edge("aws_eks_node_group.gpu", "aws_iam_role.nodes"),
	],
]

test_compute_reading_the_store_abroad_denies if {
	[resources, edges] := iam_chain(us)
	vs := check(resources, edges)
	some v in vs
	v.policy == "residency.data_flow"
	v.resource == "aws_eks_node_group.gpu"
	v.data.path == [
		"aws_s3_bucket.datasets", "aws_iam_policy.read", "aws_iam_role_policy_attachment.read",
		"aws_iam_role.nodes", "aws_eks_node_group.gpu",
	]
}

test_compute_reading_the_store_at_home_allows if {
	[resources, edges] := iam_chain(eu)
	count(check(resources, edges)) == 0
}

test_compute_in_unknown_region_is_indeterminate if {
	[resources, edges] := iam_chain(nowhere)
	vs := check(resources, edges)
	some v in vs
	v.policy == "residency.data_flow"
	v.indeterminate
	v.resource == "aws_eks_node_group.gpu"
}

test_keys_and_networks_do_not_carry_data if {
	vs := check(
		[
			bucket,
			res("aws_kms_key.data", "security.kms_key", eu, {}),
			res("aws_instance.elsewhere", "compute.instance", us, {}),
		],
		[
			edge("aws_s3_bucket.datasets", "aws_kms_key.data"),
			edge("aws_instance.elsewhere", "aws_kms_key.data"),
		],
	)
	count(vs) == 0
}

test_only_the_first_offender_on_a_path_is_reported if {
	vs := check(
		[
			bucket,
			res("aws_s3_bucket_replication_configuration.datasets", "storage.bucket_replication", eu, {}),
			res("aws_s3_bucket.replica", "storage.object_bucket", us, {}),
			res("aws_instance.reader", "compute.instance", us, {}),
		],
		[
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.datasets"),
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"),
			edge("aws_instance.reader", "aws_s3_bucket.replica"),
		],
	)
	{v.resource | some v in vs} == {"aws_s3_bucket.replica"}
}

fsx_in_vpc := [
	res("aws_fsx_lustre_file_system.scratch", "storage.file_system", eu, restricted),
	res("aws_subnet.private", "network.subnet", eu, {}),
	res("aws_vpc.main", "network.vpc", eu, {}),
]

fsx_edges := [
	edge("aws_fsx_lustre_file_system.scratch", "aws_subnet.private"),
	edge("aws_subnet.private", "aws_vpc.main"),
]

test_peering_to_a_network_abroad_denies if {
	vs := check(
		array.concat(fsx_in_vpc, [
			res("aws_vpc_peering_connection.us", "network.peering", eu, {}),
			res("aws_vpc.us", "network.vpc", us, {}),
		]),
		array.concat(fsx_edges, [
			edge("aws_vpc_peering_connection.us", "aws_vpc.main"),
			edge("aws_vpc_peering_connection.us", "aws_vpc.us"),
		]),
	)
	some v in vs
	v.policy == "residency.network_peering"
	v.resource == "aws_vpc.us"
	v.data.path == [
		"aws_fsx_lustre_file_system.scratch", "aws_subnet.private", "aws_vpc.main",
		"aws_vpc_peering_connection.us", "aws_vpc.us",
	]
}

test_peering_by_peer_region_attribute_denies if {
	peering := object.union(res("aws_vpc_peering_connection.us", "network.peering", eu, {}), {"values": {"peer_region": "us-east-1"}})
	vs := check(array.concat(fsx_in_vpc, [peering]), array.concat(fsx_edges, [edge("aws_vpc_peering_connection.us", "aws_vpc.main")]))
	some v in vs
	v.policy == "residency.network_peering"
	v.resource == "aws_vpc_peering_connection.us"
}

test_peering_within_the_jurisdiction_allows if {
	peering := object.union(res("aws_vpc_peering_connection.ie", "network.peering", eu, {}), {"values": {"peer_region": "eu-west-1"}})
	vs := check(array.concat(fsx_in_vpc, [peering]), array.concat(fsx_edges, [edge("aws_vpc_peering_connection.ie", "aws_vpc.main")]))
	count(vs) == 0
}

test_deleted_store_is_not_checked if {
	gone := object.union(res("aws_s3_bucket.old", "storage.object_bucket", us, restricted), {"action": "delete"})
	count(check([gone], [])) == 0
}

test_a_replication_rule_explains_a_leak_better_than_a_role_policy if {
	vs := check(
		[
			bucket,
			res("aws_iam_role_policy.replication", "security.iam", global, {}),
			res("aws_s3_bucket_replication_configuration.datasets", "storage.bucket_replication", eu, {}),
			res("aws_s3_bucket.replica", "storage.object_bucket", us, {}),
		],
		[
			edge("aws_iam_role_policy.replication", "aws_s3_bucket.datasets"),
			edge("aws_iam_role_policy.replication", "aws_s3_bucket.replica"),
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.datasets"),
			edge("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"),
		],
	)
	some v in vs
	v.policy == "residency.data_flow"
	v.data.path == ["aws_s3_bucket.datasets", "aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"]
}

test_peering_to_a_network_of_unknown_region_is_indeterminate if {
	vs := check(
		array.concat(fsx_in_vpc, [
			res("aws_vpc_peering_connection.x", "network.peering", eu, {}),
			res("aws_vpc.x", "network.vpc", nowhere, {}),
		]),
		array.concat(fsx_edges, [
			edge("aws_vpc_peering_connection.x", "aws_vpc.main"),
			edge("aws_vpc_peering_connection.x", "aws_vpc.x"),
		]),
	)
	some v in vs
	v.policy == "residency.network_peering"
	v.indeterminate
	v.resource == "aws_vpc.x"
}
