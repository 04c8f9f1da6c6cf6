# METADATA
# title: Exposure and GPU hygiene
# description: >-
#   No public buckets, no ingress from the whole internet to GPU nodes, no unencrypted storage,
#   GPU machine types from an approved list, and GPUs only where the catalogue has capacity.
#   Attribute names are snake_case for every source (the input converts Pulumi's camelCase).
package tollgate.exposure

import data.tollgate.lib

params := data.params.exposure

open_cidr(x) if x in params.open_cidrs

# ---------------------------------------------------------------- public buckets

public_acls := {"public-read", "public-read-write"}

# Why a bucket is public: its own ACL, or what a resource attached to it says.
public_reasons(b) := {sprintf("its ACL is %s", [b.values.acl]) | b.values.acl in public_acls} | {reason |
	some address in lib.referrers[b.address]
	a := lib.resources[address]
	lib.live(a)
	some reason in attached_public(a)
}

# An ACL resource, bucket policy, IAM member/binding or storage container that opens the bucket to anyone.
attached_public(a) := ((acl_grants(a) | policy_grants(a)) | member_grants(a)) | container_grants(a)

acl_grants(a) := {sprintf("%s sets ACL %s", [a.address, a.values.acl]) | a.values.acl in public_acls}

policy_grants(a) := {sprintf("%s allows Principal \"*\"", [a.address]) |
	is_string(a.values.policy)
	some statement in statements(json.unmarshal(a.values.policy))
	statement.Effect == "Allow"
	anyone(statement.Principal)
	not statement.Condition
}

member_grants(a) := {sprintf("%s grants access to %s", [a.address, m]) |
	some m in members(a.values)
	m in {"allUsers", "allAuthenticatedUsers"}
}

container_grants(a) := {sprintf("%s has public access type %s", [a.address, a.values.container_access_type]) |
	a.values.container_access_type in {"blob", "container"}
}

# An ACL that a resource attached to the bucket (aws_s3_bucket_acl, BucketAclV2) only gets at apply time.
# The bucket's own acl attribute is left out: providers mark it computed, so every bucket that does not set
# it shows it as unknown in plans and previews, while a new bucket without an ACL resource is private.
pending_acls(b) := [sprintf("%s:/acl", [a]) |
	some a in object.get(lib.referrers, b.address, set())
	lib.unknown(lib.resources[a], "/acl")
]

statements(doc) := doc.Statement if is_array(doc.Statement)

statements(doc) := [doc.Statement] if is_object(doc.Statement)

anyone("*") := true

anyone(p) if p.AWS == "*"

anyone(p) if "*" in p.AWS

members(values) := [values.member] if is_string(values.member)

members(values) := values.members if is_array(values.members)

# METADATA
# title: No public buckets
# description: Object storage is not readable by everyone, whether by ACL, bucket policy, IAM member (allUsers) or container access type.
# custom:
#   id: exposure.public_bucket
#   enforcement: mandatory
#   severity: critical
#   remediation: Remove the public ACL, policy statement or allUsers binding; serve public content through a CDN with origin access control instead.
violation contains v if {
	some b in lib.live_of("storage.object_bucket")
	reasons := sort(public_reasons(b))
	count(reasons) > 0
	v := lib.violation("exposure.public_bucket", "critical", b.address,
		sprintf("%s is public: %s", [b.address, concat("; ", reasons)]),
		{"reasons": reasons})
}

violation contains v if {
	some b in lib.live_of("storage.object_bucket")
	count(public_reasons(b)) == 0
	pending := pending_acls(b)
	count(pending) > 0
	v := lib.indeterminate("exposure.public_bucket", "critical", b.address,
		sprintf("%s gets its ACL only at apply time, so whether it is public cannot be checked", [b.address]),
		pending)
}

# ---------------------------------------------------------------- internet ingress to GPU nodes

# Firewalls guarding a GPU resource: referenced by it, by its launch template, or (GCP) rules on its cluster's network.
firewalls(g) := {f | some f in lib.refs[g.address]; lib.kind(f) == "network.firewall"} | {f |
	some t in lib.refs[g.address]
	lib.kind(t) == "compute.launch_template"
	some f in lib.refs[t]
	lib.kind(f) == "network.firewall"
} | {f |
	g.provider == "gcp"
	some c in lib.refs[g.address]
	lib.kind(c) == "compute.k8s_cluster"
	some n in lib.refs[c]
	lib.kind(n) == "network.vpc"
	some f in lib.referrers[n]
	lib.kind(f) == "network.firewall"
	targets(lib.resources[f], g)
}

# A GCP firewall without target tags applies to every instance of the network.
targets(f, g) if count(object.get(f.values, "target_tags", [])) == 0

targets(f, g) if {
	some t in f.values.target_tags
	t in lib.block(g.values.node_config).tags
}

# Rules that let the whole internet in through a firewall: inline blocks, or rule resources attached to it.
open_rules(f) := {sprintf("%s ingress %s", [f, c]) |
	r := lib.resources[f]
	some rule in object.get(r.values, "ingress", [])
	some c in array.concat(object.get(rule, "cidr_blocks", []), object.get(rule, "ipv6_cidr_blocks", []))
	open_cidr(c)
} | {sprintf("%s allows %s", [a, c]) |
	some a in lib.referrers[f]
	r := lib.resources[a]
	lib.live(r)
	ingress_rule(r)
	some c in rule_sources(r.values)
	open_cidr(c)
} | {sprintf("%s source ranges %s", [f, c]) |
	r := lib.resources[f]
	upper(object.get(r.values, "direction", "INGRESS")) == "INGRESS"
	some c in object.get(r.values, "source_ranges", [])
	open_cidr(c)
} | {sprintf("%s rule %s from %s", [f, rule.name, rule.source_address_prefix]) |
	r := lib.resources[f]
	some rule in object.get(r.values, "security_rule", [])
	lower(rule.direction) == "inbound"
	lower(rule.access) == "allow"
	rule.source_address_prefix in {"*", "Internet", "0.0.0.0/0"}
}

# Ingress sources of a firewall (or its rules) only known after apply.
pending_sources(f) := [sprintf("%s:%s", [a, p]) |
	some a in ({f} | object.get(lib.referrers, f, set()))
	r := lib.resources[a]
	r.kind == "network.firewall"
	some p in r.unknown_paths
	regex.match(`^/(ingress/\d+/(cidr_blocks|ipv6_cidr_blocks)|cidr_blocks|ipv6_cidr_blocks|cidr_ipv4|cidr_ipv6|source_ranges)(/|$)`, p)
]

violation contains v if {
	some g in lib.live_gpus
	some f in firewalls(g)
	count(open_rules(f)) == 0
	pending := pending_sources(f)
	count(pending) > 0
	v := lib.indeterminate("exposure.gpu_open_ingress", "critical", g.address,
		sprintf("GPU resource %s is guarded by %s, whose ingress sources are only known after apply", [g.address, f]),
		pending)
}

ingress_rule(r) if r.values.type == "ingress"

ingress_rule(r) if contains(lower(r.type), "ingress")

rule_sources(values) := array.concat(
	array.concat(object.get(values, "cidr_blocks", []), object.get(values, "ipv6_cidr_blocks", [])),
	[c | some k in ["cidr_ipv4", "cidr_ipv6"]; c := values[k]; is_string(c)],
)

# METADATA
# title: No internet ingress to GPU nodes
# description: GPU instances and node groups are not reachable from 0.0.0.0/0 or ::/0 through their security groups, launch templates or network firewall rules.
# custom:
#   id: exposure.gpu_open_ingress
#   enforcement: mandatory
#   severity: critical
#   remediation: Restrict ingress to the VPC or a bastion/VPN range; reach training nodes through SSM or the cluster API instead.
violation contains v if {
	some g in lib.live_gpus
	some f in firewalls(g)
	rules := open_rules(f)
	count(rules) > 0
	v := lib.violation("exposure.gpu_open_ingress", "critical", g.address,
		sprintf("GPU resource %s accepts traffic from the whole internet: %s", [g.address, concat("; ", sort(rules))]),
		{"firewall": f, "rules": sort(rules)})
}

# ---------------------------------------------------------------- encryption at rest

encryption_attributes := ["encrypted", "storage_encrypted"]

encrypting_kinds := {"storage.block_volume", "storage.file_system", "storage.database", "storage.snapshot"}

# METADATA
# title: Storage encrypted at rest
# description: Volumes, file systems, databases and snapshots set encryption on; an encryption flag left to apply time cannot be trusted.
# custom:
#   id: exposure.unencrypted_storage
#   enforcement: mandatory
#   severity: high
#   remediation: Set encrypted = true (storage_encrypted for databases), ideally with a customer-managed kms_key_id.
violation contains v if {
	some kind in encrypting_kinds
	some r in lib.live_of(kind)
	some name in encryption_attributes
	r.values[name] == false
	v := lib.violation("exposure.unencrypted_storage", "high", r.address,
		sprintf("%s is not encrypted at rest (%s = false)", [r.address, name]),
		{"attribute": name})
}

violation contains v if {
	some kind in encrypting_kinds
	some r in lib.live_of(kind)
	count(r.unknown_paths) > 0
	unknown := [p | some name in encryption_attributes; p := concat("/", ["", name]); lib.unknown(r, p)]
	count(unknown) > 0
	v := lib.indeterminate("exposure.unencrypted_storage", "high", r.address,
		sprintf("%s leaves encryption at rest to apply time (the account default), so it cannot be checked", [r.address]),
		[sprintf("%s:%s", [r.address, p]) | some p in unknown])
}

# ---------------------------------------------------------------- GPU machine types

approved := {t | some t in params.approved_gpu_types}

# METADATA
# title: Approved GPU machine types
# description: GPU instances, node groups and scale sets use machine types from the approved list.
# custom:
#   id: exposure.gpu_type_approved
#   enforcement: mandatory
#   severity: medium
#   remediation: Pick an approved GPU type (params.exposure.approved_gpu_types), or have the platform team approve this one.
violation contains v if {
	some r in lib.live_gpus
	some t in r.machine.types
	not t in approved
	v := lib.violation("exposure.gpu_type_approved", "medium", r.address,
		sprintf("%s uses GPU type %s (%s), which is not on the approved list", [r.address, t, r.gpu.model]),
		{"machine_type": t, "gpu_model": r.gpu.model})
}

compute_kinds := {"compute.instance", "compute.node_group", "compute.gpu_node_group", "compute.launch_template"}

violation contains v if {
	some kind in compute_kinds
	some r in lib.live_of(kind)
	r.machine.unknown
	v := lib.indeterminate("exposure.gpu_type_approved", "medium", r.address,
		sprintf("%s gets its machine type only at apply time, so whether it is an approved GPU type cannot be checked", [r.address]),
		[sprintf("%s:%s", [r.address, r.machine.attribute])])
}

# METADATA
# title: GPUs where the catalogue has capacity
# description: A GPU machine type is placed in a region where the catalogue lists it; elsewhere it may not exist, or its price and carbon cannot be known.
# custom:
#   id: exposure.gpu_region_capacity
#   enforcement: advisory
#   severity: low
#   remediation: Choose a region that offers this GPU type (tollgate facts show instance TYPE), or add the region's offering to your catalogue with --catalogue.
violation contains v if {
	some r in lib.live_gpus
	r.gpu.offered_in_region == false
	r.location.known
	v := lib.violation("exposure.gpu_region_capacity", "low", r.address,
		sprintf("%s asks for %s in %s, where the catalogue lists no such capacity", [r.address, r.machine.type, r.location.region]),
		{"machine_type": r.machine.type, "region": r.location.region})
}

violation contains v if {
	some r in lib.live_gpus
	r.location.basis == "unknown"
	v := lib.indeterminate("exposure.gpu_region_capacity", "low", r.address,
		sprintf("%s asks for GPUs in a region unknown until apply (%s), so capacity there cannot be checked", [r.address, r.location.detail]),
		[sprintf("%s:%s", [r.address, r.location.detail])])
}
