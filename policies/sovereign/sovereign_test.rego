package tollgate.sovereign_test

import data.tollgate.sovereign

params := {
	"tag": "sovereignty",
	"values": ["required"],
	"allowed_partitions": ["aws-eusc"],
	"allowed_offerings": ["S3NS Cloud de Confiance (Thales/Google)"],
	"configured_regions": {"azure": ["germanywestcentral"]},
	"global_kinds": ["network.cdn"],
	"encrypted_kinds": ["storage.object_bucket", "storage.block_volume"],
}

eusc := {"region": "eusc-de-east-1", "known": true, "basis": "provider_config", "partition": "aws-eusc", "sovereign_offering": "AWS European Sovereign Cloud", "jurisdictions": ["DE", "EU"]}

frankfurt := {"region": "eu-central-1", "known": true, "basis": "provider_config", "partition": "aws", "sovereign_offering": null, "jurisdictions": ["DE", "EU"]}

virginia := {"region": "us-east-1", "known": true, "basis": "attribute", "partition": "aws", "sovereign_offering": null, "jurisdictions": ["US"]}

azure_de := {"region": "germanywestcentral", "known": true, "basis": "attribute", "partition": "azure", "sovereign_offering": null, "jurisdictions": ["DE", "EU"]}

nowhere := {"region": null, "known": false, "basis": "unknown", "detail": "var.region", "jurisdictions": []}

sov := {"sovereignty": "required"}

res(address, kind, provider, location, tags) := {
	"address": address, "mode": "managed", "action": "create", "provider": provider,
	"kind": kind, "location": location, "tags": tags, "values": {}, "unknown_paths": [],
}

edge(from, to) := {"from": from, "to": to, "kind": "reference"}

check(resources, edges) := vs if {
	vs := sovereign.violation with data.params.sovereign as params
		with input as {"resources": resources, "edges": edges, "catalogue": {"regions": {"aws": {
			"eusc-de-east-1": {"jurisdictions": ["DE", "EU"]},
			"us-east-1": {"jurisdictions": ["US"]},
		}}}}
}

policies(vs) := {v.policy | some v in vs}

keyed_bucket(location, key_location) := [
	[
		res("aws_s3_bucket.data", "storage.object_bucket", "aws", location, sov),
		res("aws_kms_key.data", "security.kms_key", "aws", key_location, sov),
	],
	[edge("aws_s3_bucket.data", "aws_kms_key.data")],
]

test_sovereign_partition_with_local_key_allows if {
	[resources, edges] := keyed_bucket(eusc, eusc)
	count(check(resources, edges)) == 0
}

test_public_partition_denies if {
	[resources, edges] := keyed_bucket(frankfurt, frankfurt)
	vs := check(resources, edges)
	some v in vs
	v.policy == "sovereign.placement"
	v.resource == "aws_s3_bucket.data"
	contains(v.msg, "eu-central-1 (partition aws)")
}

test_unlabelled_workload_is_not_checked if {
	count(check([res("aws_instance.web", "compute.instance", "aws", virginia, {})], [])) == 0
}

test_configured_boundary_region_allows if {
	vs := check([res("azurerm_linux_virtual_machine.gpu", "compute.instance", "azure", azure_de, sov)], [])
	count(vs) == 0
}

test_unknown_region_is_indeterminate if {
	vs := check([res("aws_instance.gpu", "compute.instance", "aws", nowhere, sov)], [])
	some v in vs
	v.policy == "sovereign.placement"
	v.indeterminate
	v.unknown == ["aws_instance.gpu:var.region"]
}

test_store_without_customer_managed_key_denies if {
	vs := check([res("aws_s3_bucket.data", "storage.object_bucket", "aws", eusc, sov)], [])
	some v in vs
	v.policy == "sovereign.customer_managed_key"
	not v.indeterminate
}

test_key_in_another_jurisdiction_denies if {
	[resources, edges] := keyed_bucket(eusc, virginia)
	vs := check(resources, edges)
	some v in vs
	v.policy == "sovereign.customer_managed_key"
	v.data.key == "aws_kms_key.data"
}

test_key_through_an_encryption_configuration_counts if {
	vs := check(
		[
			res("aws_s3_bucket.data", "storage.object_bucket", "aws", eusc, sov),
			res("aws_s3_bucket_server_side_encryption_configuration.data", "other", "aws", eusc, {}),
			res("aws_kms_key.data", "security.kms_key", "aws", eusc, sov),
		],
		[
			edge("aws_s3_bucket_server_side_encryption_configuration.data", "aws_s3_bucket.data"),
			edge("aws_s3_bucket_server_side_encryption_configuration.data", "aws_kms_key.data"),
		],
	)
	not "sovereign.customer_managed_key" in policies(vs)
}

test_key_arn_outside_the_plan_is_checked_by_region if {
	bucket := object.union(res("aws_ebs_volume.scratch", "storage.block_volume", "aws", eusc, sov), {"values": {"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/abc"}})
	vs := check([bucket], [])
	some v in vs
	v.policy == "sovereign.customer_managed_key"
	v.data.key_region == "us-east-1"
}

test_unknown_key_is_indeterminate if {
	volume := object.union(res("aws_ebs_volume.scratch", "storage.block_volume", "aws", eusc, sov), {"unknown_paths": ["/kms_key_id"]})
	vs := check([volume], [])
	some v in vs
	v.policy == "sovereign.customer_managed_key"
	v.indeterminate
	v.unknown == ["aws_ebs_volume.scratch:/kms_key_id"]
}

test_cdn_in_front_of_sovereign_workload_denies if {
	[resources, edges] := keyed_bucket(eusc, eusc)
	vs := check(
		array.concat(resources, [res("aws_cloudfront_distribution.cdn", "network.cdn", "aws", {"known": false, "basis": "global", "jurisdictions": []}, {})]),
		array.concat(edges, [edge("aws_cloudfront_distribution.cdn", "aws_s3_bucket.data")]),
	)
	some v in vs
	v.policy == "sovereign.global_service"
	v.resource == "aws_cloudfront_distribution.cdn"
	v.data.workload == "aws_s3_bucket.data"
}

test_cross_region_replication_denies if {
	[resources, edges] := keyed_bucket(eusc, eusc)
	vs := check(
		array.concat(resources, [
			res("aws_s3_bucket_replication_configuration.out", "storage.bucket_replication", "aws", eusc, {}),
			res("aws_s3_bucket.copy", "storage.object_bucket", "aws", frankfurt, {}),
		]),
		array.concat(edges, [
			edge("aws_s3_bucket_replication_configuration.out", "aws_s3_bucket.data"),
			edge("aws_s3_bucket_replication_configuration.out", "aws_s3_bucket.copy"),
		]),
	)
	some v in vs
	v.policy == "sovereign.global_service"
	v.resource == "aws_s3_bucket_replication_configuration.out"
}

test_global_table_labelled_sovereign_denies if {
	table := object.union(res("aws_dynamodb_table.t", "storage.database", "aws", eusc, sov), {"values": {"replica": [{"region_name": "eu-west-1"}]}})
	key := res("aws_kms_key.t", "security.kms_key", "aws", eusc, sov)
	vs := check([table, key], [edge("aws_dynamodb_table.t", "aws_kms_key.t")])
	some v in vs
	v.policy == "sovereign.global_service"
	v.resource == "aws_dynamodb_table.t"
}

test_load_balancer_of_unknown_scope_is_indeterminate if {
	[resources, edges] := keyed_bucket(eusc, eusc)
	vs := check(
		array.concat(resources, [res("aws_lb.front", "network.load_balancer", "aws", nowhere, {})]),
		array.concat(edges, [edge("aws_lb.front", "aws_s3_bucket.data")]),
	)
	some v in vs
	v.policy == "sovereign.global_service"
	v.indeterminate
	v.resource == "aws_lb.front"
}
