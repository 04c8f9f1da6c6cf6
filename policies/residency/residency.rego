# METADATA
# title: Data residency
# description: >-
#   Data stores classified by a tag (data-classification=personal|restricted) stay in the
#   jurisdictions allowed for their class, and so does everything their data reaches along the
#   resource graph: compute that reads or mounts them, replicas and backup targets, and networks
#   peered with the ones they sit in. Messages name the path from the store to the offender.
package tollgate.residency

import data.tollgate.lib

params := data.params.residency

# The class of a resource's data, when it is a class the parameters restrict.
class(r) := c if {
	c := lower(r.tags[params.classification_tag])
	params.allowed_jurisdictions[c]
}

allowed(r, c) if {
	some j in r.location.jurisdictions
	j in params.allowed_jurisdictions[c]
}

# Where a resource sits, as messages show it: "us-east-1 (US)".
place(r) := sprintf("%s (%s)", [r.location.region, concat(", ", r.location.jurisdictions)]) if {
	count(r.location.jurisdictions) > 0
} else := sprintf("%s (not in the catalogue, so its jurisdiction is unknown)", [r.location.region])

allowed_list(c) := concat(", ", params.allowed_jurisdictions[c])

# Classified data stores that will exist after apply, by address.
stores[r.address] := c if {
	some kind in params.store_kinds
	some r in lib.live_of(kind)
	c := class(r)
}

# METADATA
# title: Classified stores stay in allowed jurisdictions
# description: A bucket, volume, file system, database, snapshot, backup or log classified personal or restricted sits in a jurisdiction allowed for its class.
# custom:
#   id: residency.store_jurisdiction
#   enforcement: mandatory
#   severity: critical
#   remediation: Create the store in a region of an allowed jurisdiction (see params.residency.allowed_jurisdictions), or reclassify the data if the tag is wrong.
violation contains v if {
	some address, c in stores
	r := lib.resources[address]
	r.location.known
	not allowed(r, c)
	v := lib.violation("residency.store_jurisdiction", "critical", address,
		sprintf("%s holds %s data but sits in %s, outside the allowed jurisdictions %s", [address, c, place(r), allowed_list(c)]),
		{"class": c, "region": r.location.region, "jurisdictions": r.location.jurisdictions, "allowed": params.allowed_jurisdictions[c]})
}

violation contains v if {
	some address, c in stores
	r := lib.resources[address]
	not r.location.known
	r.location.basis != "global"
	v := lib.indeterminate("residency.store_jurisdiction", "critical", address,
		sprintf("%s holds %s data but its region is unknown until apply (%s)", [address, c, r.location.detail]),
		[sprintf("%s:%s", [address, r.location.detail])])
}

# ---------------------------------------------------------------- carrying data along the graph

# Data of `a` reaches `b` in one step: whoever refers to a resource reads it ...
step[a] contains b if {
	some b, targets in lib.refs
	carried_into(b)
	some a in targets
}

# ... and a mover (replication rule, backup, peering, IAM binding) pushes it to everything it refers to.
step[a] contains b if {
	some a, targets in lib.refs
	lib.resources[a].kind in mover_kinds
	some b in targets
	carried_into(b)
}

carried_into(address) if not lib.resources[address].kind in barrier_kinds

barrier_kinds := {k | some k in params.barrier_kinds}

mover_kinds := {k | some k in params.mover_kinds}

# Paths from each classified store, one step longer at each level. Rego has no recursion, so the
# depth is spelled out: six steps cover store -> IAM policy document -> policy -> attachment -> role -> node group.
flows1 := {[s, b] |
	some s, _ in stores
	passes_on([s])
	some b in step[s]
	b != s
}

flows2 := extend(flows1)

flows3 := extend(flows2)

flows4 := extend(flows3)

flows5 := extend(flows4)

flows6 := extend(flows5)

flows := ((((flows1 | flows2) | flows3) | flows4) | flows5) | flows6

# Data travels on only through places it may be: an offender or an unknown region ends the path.
extend(paths) := {array.concat(p, [b]) |
	some p in paths
	passes_on(p)
	some b in step[lib.last(p)]
	not b in p
}

passes_on(p) if {
	r := lib.resources[lib.last(p)]
	r.location.basis == "global"
}

passes_on(p) if {
	r := lib.resources[lib.last(p)]
	r.location.known
	allowed(r, stores[p[0]])
}

# Paths that end at a live resource outside the store's allowed jurisdictions, by [store, offender].
offending[[p[0], lib.last(p)]] contains p if {
	some p in flows
	r := lib.resources[lib.last(p)]
	lib.live(r)
	r.location.known
	not allowed(r, stores[p[0]])
}

unknown_reach[[p[0], lib.last(p)]] contains p if {
	some p in flows
	r := lib.resources[lib.last(p)]
	lib.live(r)
	not r.location.known
	r.location.basis != "global"
}

# The path a report shows: the shortest; among those, the one through fewest IAM bindings (a replication rule
# explains a leak better than a role policy that could copy); then the first in sort order, so reports are stable.
shortest(paths) := sort([p | some p in candidates; iam_hops(p) == m])[0] if {
	n := min({count(p) | some p in paths})
	candidates := {p | some p in paths; count(p) == n}
	m := min({iam_hops(p) | some p in candidates})
}

iam_hops(path) := count([a | some a in path; lib.kind(a) == "security.iam"])

# METADATA
# title: Residency carried along the graph
# description: >-
#   Whatever a classified store's data reaches (compute that reads or mounts it, a replica or backup target,
#   a replication rule) sits in a jurisdiction allowed for the store's class.
# custom:
#   id: residency.data_flow
#   enforcement: mandatory
#   severity: critical
#   remediation: Keep readers, replicas and backups of the store in an allowed jurisdiction, or remove the reference that carries the data out.
violation contains v if {
	some pair, paths in offending
	[address, offender] := pair
	c := stores[address]
	r := lib.resources[offender]
	path := shortest(paths)
	v := lib.violation("residency.data_flow", "critical", offender,
		sprintf("%s data of %s reaches %s in %s, outside the allowed jurisdictions %s: %s", [
			c, address, offender, place(r), allowed_list(c), lib.show_path(path),
		]),
		{"store": address, "class": c, "path": path, "region": r.location.region, "jurisdictions": r.location.jurisdictions, "allowed": params.allowed_jurisdictions[c]})
}

violation contains v if {
	some pair, paths in unknown_reach
	[address, offender] := pair
	r := lib.resources[offender]
	path := shortest(paths)
	v := lib.indeterminate("residency.data_flow", "critical", offender,
		sprintf("%s data of %s reaches %s, whose region is unknown until apply (%s): %s", [
			stores[address], address, offender, r.location.detail, lib.show_path(path),
		]),
		[sprintf("%s:%s", [offender, r.location.detail])])
}

# ---------------------------------------------------------------- peering of the networks data sits in

# Every resource holding a store's data in an allowed place, with the path that brought it there.
holding contains [s] if {
	some s, _ in stores
	passes_on([s])
}

holding contains p if {
	some p in flows
	passes_on(p)
}

# The VPCs a resource sits in, directly or through a subnet, as path segments.
network_paths(address) := {[n] | some n in lib.refs[address]; lib.kind(n) == "network.vpc"} | {[s, n] |
	some s in lib.refs[address]
	lib.kind(s) == "network.subnet"
	some n in lib.refs[s]
	lib.kind(n) == "network.vpc"
}

# Far ends of peerings of the networks holding a store's data that lie outside its jurisdictions, by [store, far end].
peered[[p[0], far]] contains path if {
	some peering in lib.live_of("network.peering")
	some vpc in lib.refs[peering.address]
	lib.kind(vpc) == "network.vpc"
	some p in holding
	some np in network_paths(lib.last(p))
	lib.last(np) == vpc
	some far in lib.refs[peering.address]
	far != vpc
	lib.kind(far) == "network.vpc"
	r := lib.resources[far]
	r.location.known
	not allowed(r, stores[p[0]])
	path := array.concat(array.concat(p, np), [peering.address, far])
}

# A peering to a network outside the plan names the far region in an attribute (AWS peer_region).
peered[[p[0], r.address]] contains path if {
	some r in lib.live_of("network.peering")
	far_region := r.values.peer_region
	facts := input.catalogue.regions[r.provider][far_region]
	some vpc in lib.refs[r.address]
	some p in holding
	some np in network_paths(lib.last(p))
	lib.last(np) == vpc
	not far_allowed(facts, stores[p[0]])
	path := array.concat(array.concat(p, np), [r.address])
}

# The far network's region is only known after apply.
peered_unknown[[p[0], far]] contains path if {
	some peering in lib.live_of("network.peering")
	some vpc in lib.refs[peering.address]
	lib.kind(vpc) == "network.vpc"
	some p in holding
	some np in network_paths(lib.last(p))
	lib.last(np) == vpc
	some far in lib.refs[peering.address]
	far != vpc
	lib.kind(far) == "network.vpc"
	r := lib.resources[far]
	not r.location.known
	path := array.concat(array.concat(p, np), [peering.address, far])
}

far_allowed(facts, c) if {
	some j in facts.jurisdictions
	j in params.allowed_jurisdictions[c]
}

# METADATA
# title: No peering out of the jurisdiction
# description: A network holding a classified store, or compute that reads it, is not peered with a network in a jurisdiction the store's class does not allow.
# custom:
#   id: residency.network_peering
#   enforcement: mandatory
#   severity: high
#   remediation: Remove the peering, or keep the peer network in an allowed jurisdiction; route access through a service that does not move the data.
violation contains v if {
	some pair, paths in peered
	[address, far] := pair
	c := stores[address]
	path := shortest(paths)
	v := lib.violation("residency.network_peering", "high", far,
		sprintf("%s data of %s can leave through a peering to %s, outside the allowed jurisdictions %s: %s", [
			c, address, far, allowed_list(c), lib.show_path(path),
		]),
		{"store": address, "class": c, "path": path, "allowed": params.allowed_jurisdictions[c]})
}

violation contains v if {
	some pair, paths in peered_unknown
	[address, far] := pair
	r := lib.resources[far]
	path := shortest(paths)
	v := lib.indeterminate("residency.network_peering", "high", far,
		sprintf("%s data of %s can leave through a peering to %s, whose region is unknown until apply (%s): %s", [
			stores[address], address, far, r.location.detail, lib.show_path(path),
		]),
		[sprintf("%s:%s", [far, r.location.detail])])
}
