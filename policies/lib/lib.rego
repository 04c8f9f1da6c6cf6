# METADATA
# title: Tollgate policy helpers
# description: >-
#   What every guardrail package shares: which resources count, tag and region lookups,
#   the resource graph, money formatting and the violation object the decision engine reads.
package tollgate.lib

# A resource that will exist after apply: managed (not a data source) and not being deleted.
live(r) if {
	r.mode == "managed"
	r.action != "delete"
}

# Positions in input.resources of the resources that will exist after apply, by kind. Rules visit only the
# kinds they judge (see live_of) instead of scanning every resource of a large plan.
live_by_kind[r.kind] contains i if {
	some i, r in input.resources
	r.mode == "managed"
	r.action != "delete"
}

# The live resources of one kind.
live_of(kind) := [input.resources[i] | some i in live_by_kind[kind]]

# The live resources that bring GPUs.
live_gpus := [r |
	some r in input.resources
	r.gpu != null
	live(r)
]

# Every resource of the input by address, for joins along edges.
resources := {r.address: r | some r in input.resources}

# The resources an address refers to (its configuration references them) ...
refs[from] contains to if {
	some e in input.edges
	graph_edge(e)
	from := e.from
	to := e.to
}

# ... and the resources that refer to it.
referrers[to] contains from if {
	some e in input.edges
	graph_edge(e)
	from := e.from
	to := e.to
}

# Parent (Pulumi component) and provider edges say where a resource sits in the program, not what it uses.
graph_edge(e) if not e.kind in {"parent", "provider"}

last(path) := path[count(path) - 1]

# A path of addresses as the messages show it.
show_path(path) := concat(" -> ", path)

usd(x) := sprintf("$%d", [round(x)])

percent(ratio) := sprintf("%d%%", [round(ratio * 100)])

# The region as messages show it, including why it is unknown.
region_label(r) := r.location.region if {
	r.location.known
} else := sprintf("an unknown region (%s)", [r.location.detail])

# True when the value at a JSON pointer of the resource is only known after apply.
unknown(r, pointer) if pointer in r.unknown_paths

# Any unknown pointer at or under a prefix, e.g. "/tags" covers "/tags/team".
unknown_under(r, prefix) := [p |
	some p in r.unknown_paths
	startswith(p, prefix)
]

# The shape every guardrail emits. `data` holds the figures the report shows next to the message.
violation(policy, severity, resource, msg, details) := {
	"policy": policy,
	"severity": severity,
	"resource": resource,
	"msg": msg,
	"indeterminate": false,
	"unknown": [],
	"data": details,
}

# The decision depends on values unknown until apply; `unknown` lists "address:pointer" for each.
# The engine turns this into a denial or a warning by configuration.
indeterminate(policy, severity, resource, msg, unknown_paths) := {
	"policy": policy,
	"severity": severity,
	"resource": resource,
	"msg": msg,
	"indeterminate": true,
	"unknown": unknown_paths,
	"data": {},
}

stack_resource(name) := sprintf("stack:%s", [name])

# A nested block whichever way the tool wrote it: Terraform plans hold single blocks as one-element
# lists (scaling_config[0]), Pulumi as objects (scalingConfig). Use as lib.block(r.values.scaling_config).desired_size.
block(x) := x[0] if {
	is_array(x)
} else := x

# The kind of a resource by address.
kind(address) := resources[address].kind

# Everything a resource refers to or is referred to by.
neighbours(address) := object.get(refs, address, set()) | object.get(referrers, address, set())
