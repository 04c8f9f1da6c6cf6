# METADATA
# title: Sovereign-cloud placement
# description: >-
#   Workloads labelled sovereign run in a sovereign partition or offering (or a region the organisation
#   has configured for a sovereignty boundary), encrypt with customer-managed keys in the same
#   jurisdiction, and use no global service that moves data out.
package tollgate.sovereign

import data.tollgate.lib

params := data.params.sovereign

sovereign(r) if r.tags[params.tag] in params.values

# Workloads labelled sovereign that will exist after apply, by address.
workloads[r.address] := r if {
	some r in input.resources
	sovereign(r)
	lib.live(r)
	r.location.basis != "global"
}

sovereign_place(loc, provider) if loc.partition in params.allowed_partitions

sovereign_place(loc, provider) if loc.sovereign_offering in params.allowed_offerings

sovereign_place(loc, provider) if loc.region in object.get(params.configured_regions, provider, [])

# METADATA
# title: Sovereign workloads in a sovereign partition
# description: A resource labelled sovereign runs in a sovereign partition or offering (aws-eusc, S3NS) or a region configured for a sovereignty boundary.
# custom:
#   id: sovereign.placement
#   enforcement: mandatory
#   severity: critical
#   remediation: Deploy to a sovereign partition or offering (e.g. eusc-de-east-1, S3NS u-france-east1), or list a configured EU Data Boundary region in params.sovereign.configured_regions.
violation contains v if {
	some address, r in workloads
	r.location.known
	not sovereign_place(r.location, r.provider)
	v := lib.violation("sovereign.placement", "critical", address,
		sprintf("%s is labelled %s=%s but runs in %s (partition %s), which is not a sovereign partition or offering", [
			address, params.tag, r.tags[params.tag], r.location.region, object.get(r.location, "partition", "unknown"),
		]),
		{"region": r.location.region, "partition": object.get(r.location, "partition", null), "sovereign_offering": object.get(r.location, "sovereign_offering", null)})
}

violation contains v if {
	some address, r in workloads
	not r.location.known
	v := lib.indeterminate("sovereign.placement", "critical", address,
		sprintf("%s is labelled sovereign but its region is unknown until apply (%s)", [address, r.location.detail]),
		[sprintf("%s:%s", [address, r.location.detail])])
}

# ---------------------------------------------------------------- keys

# Keys a resource is encrypted with: keys it refers to, or keys of a configuration resource that
# refers to it (aws_s3_bucket_server_side_encryption_configuration).
keys(address) := {k | some k in lib.refs[address]; lib.kind(k) == "security.kms_key"} | {k |
	some c in lib.referrers[address]
	some k in lib.refs[c]
	lib.kind(k) == "security.kms_key"
}

# Attributes that name an encryption key, across providers (values are snake_case).
key_attributes := {"kms_key_id", "kms_key_arn", "kms_master_key_id", "kms_key_name", "default_kms_key_name", "key_vault_key_id", "disk_encryption_set_id"}

# A key named by a literal ARN outside the plan (arn:aws:kms:REGION:ACCOUNT:key/ID).
arn_region(r) := region if {
	some name in key_attributes
	arn := r.values[name]
	is_string(arn)
	parts := split(arn, ":")
	parts[2] == "kms"
	region := parts[3]
}

unknown_key(r) := [p |
	some name in key_attributes
	p := concat("/", ["", name])
	lib.unknown(r, p)
]

same_jurisdiction(a, b) if {
	some j in a
	j in b
}

# METADATA
# title: Customer-managed keys in the same jurisdiction
# description: Storage labelled sovereign is encrypted with a customer-managed key, and the key sits in the same jurisdiction as the data.
# custom:
#   id: sovereign.customer_managed_key
#   enforcement: mandatory
#   severity: high
#   remediation: Create a KMS / Cloud KMS / Key Vault key in the same sovereign region and reference it from the store (kms_key_id, default_kms_key_name, customer_managed_key).
violation contains v if {
	some address, r in workloads
	r.kind in params.encrypted_kinds
	count(keys(address)) == 0
	not arn_region(r)
	count(unknown_key(r)) == 0
	v := lib.violation("sovereign.customer_managed_key", "high", address,
		sprintf("%s is labelled sovereign but is not encrypted with a customer-managed key", [address]),
		{})
}

violation contains v if {
	some address, r in workloads
	some k in keys(address)
	key := lib.resources[k]
	key.location.known
	r.location.known
	not same_jurisdiction(key.location.jurisdictions, r.location.jurisdictions)
	v := lib.violation("sovereign.customer_managed_key", "high", address,
		sprintf("%s is encrypted with %s in %s, outside its own jurisdiction (%s in %s)", [
			address, k, key.location.region, concat(", ", r.location.jurisdictions), r.location.region,
		]),
		{"key": k, "key_region": key.location.region, "region": r.location.region})
}

violation contains v if {
	some address, r in workloads
	count(keys(address)) == 0
	region := arn_region(r)
	facts := input.catalogue.regions[r.provider][region]
	not same_jurisdiction(facts.jurisdictions, r.location.jurisdictions)
	v := lib.violation("sovereign.customer_managed_key", "high", address,
		sprintf("%s is encrypted with a key in %s, outside its own jurisdiction (%s)", [address, region, concat(", ", r.location.jurisdictions)]),
		{"key_region": region, "region": r.location.region})
}

violation contains v if {
	some address, r in workloads
	r.kind in params.encrypted_kinds
	count(keys(address)) == 0
	unknown := unknown_key(r)
	count(unknown) > 0
	v := lib.indeterminate("sovereign.customer_managed_key", "high", address,
		sprintf("%s is labelled sovereign and its encryption key is unknown until apply", [address]),
		[sprintf("%s:%s", [address, p]) | some p in unknown])
}

# ---------------------------------------------------------------- global services

# Services that reach beyond one region: CDNs, global load balancers, global tables, and
# replication to another region.
global_service(s, w) if lib.kind(s) in params.global_kinds

global_service(s, w) if {
	r := lib.resources[s]
	r.kind == "network.load_balancer"
	r.location.basis == "global"
}

global_service(s, w) if {
	r := lib.resources[s]
	r.kind == "storage.database"
	count(object.get(r.values, "replica", [])) > 0
}

global_service(s, w) if {
	lib.kind(s) == "storage.bucket_replication"
	some other in lib.refs[s]
	other != w
	o := lib.resources[other]
	o.location.known
	o.location.region != lib.resources[w].location.region
}

# METADATA
# title: No global services for sovereign workloads
# description: A sovereign workload is not fronted, replicated or served by a global service (CDN, global load balancer, global table, cross-region replication) that moves data out.
# custom:
#   id: sovereign.global_service
#   enforcement: mandatory
#   severity: high
#   remediation: Serve the workload from regional endpoints inside the sovereign partition; drop the CDN, global table or cross-region replication.
violation contains v if {
	some w, _ in workloads
	some s in lib.neighbours(w)
	global_service(s, w)
	lib.live(lib.resources[s])
	v := lib.violation("sovereign.global_service", "high", s,
		sprintf("%s is a global service (%s) connected to sovereign %s; it can move the data out of the jurisdiction", [s, lib.kind(s), w]),
		{"workload": w, "service_kind": lib.kind(s)})
}

# A global table is itself the workload.
violation contains v if {
	some w, r in workloads
	global_service(w, w)
	v := lib.violation("sovereign.global_service", "high", w,
		sprintf("%s is labelled sovereign but is a global service (%s) that replicates data out of its region", [w, r.kind]),
		{"workload": w, "service_kind": r.kind})
}

# A load balancer next to a sovereign workload whose location is only known after apply may be a global one.
violation contains v if {
	some w, _ in workloads
	some s in lib.neighbours(w)
	r := lib.resources[s]
	r.kind == "network.load_balancer"
	r.location.basis == "unknown"
	lib.live(r)
	v := lib.indeterminate("sovereign.global_service", "high", s,
		sprintf("%s serves sovereign %s but whether it is regional is unknown until apply (%s)", [s, w, r.location.detail]),
		[sprintf("%s:%s", [s, r.location.detail])])
}
