# METADATA
# title: Cost ceilings
# description: >-
#   Monthly cost ceilings per resource, stack and team, the increase one change may bring,
#   GPU quotas per team, the on-demand share of training capacity, and how much may stay unpriced.
#   Figures come from the estimator (730 hours a month); limits from data.params.cost.
package tollgate.cost

import data.tollgate.lib

params := data.params.cost

# METADATA
# title: Per-resource monthly ceiling
# description: No single resource (a GPU node group, an instance, a file system) may cost more per month than the ceiling for its kind.
# custom:
#   id: cost.resource_ceiling
#   enforcement: mandatory
#   severity: high
#   remediation: Use spot or committed capacity, a smaller GPU shape or fewer nodes; or ask FinOps to raise params.cost.resource_monthly_usd in policies/data/cost.yaml.
violation contains v if {
	some r in input.resources
	r.cost.monthly_usd > lowest_ceiling
	lib.live(r)
	ceiling := resource_ceiling(r.kind)
	r.cost.monthly_usd > ceiling
	v := lib.violation("cost.resource_ceiling", "high", r.address,
		sprintf("%s costs %s/month, over the %s ceiling of %s", [r.address, lib.usd(r.cost.monthly_usd), r.kind, lib.usd(ceiling)]),
		{"monthly_usd": r.cost.monthly_usd, "ceiling_usd": ceiling, "price_model": r.cost.price_model})
}

# The price itself depends on values unknown until apply (instance type from a variable, a count).
violation contains v if {
	some r in input.resources
	r.cost.priced == false
	count(r.cost.unknown) > 0
	lib.live(r)
	v := lib.indeterminate("cost.resource_ceiling", "high", r.address,
		sprintf("%s cannot be priced before apply, so its ceiling of %s cannot be checked", [r.address, lib.usd(resource_ceiling(r.kind))]),
		[sprintf("%s:%s", [r.address, p]) | some p in r.cost.unknown])
}

resource_ceiling(kind) := object.get(params.resource_monthly_usd, kind, params.resource_monthly_usd.default)

# No resource under the lowest ceiling can break any: a cheap first test for large plans.
lowest_ceiling := min([c | some c in params.resource_monthly_usd])

# METADATA
# title: Stack monthly budget
# description: The estimated monthly cost of a whole stack stays within its budget.
# custom:
#   id: cost.stack_budget
#   enforcement: mandatory
#   severity: high
#   remediation: Remove or downsize resources, move training to spot capacity, or agree a larger budget in params.cost.stack_monthly_usd.
violation contains v if {
	some name, totals in input.totals.stacks
	budget := stack_budget(name)
	totals.monthly_usd > budget
	v := lib.violation("cost.stack_budget", "high", lib.stack_resource(name),
		sprintf("stack %s is estimated at %s/month, over its budget of %s", [name, lib.usd(totals.monthly_usd), lib.usd(budget)]),
		{"monthly_usd": totals.monthly_usd, "budget_usd": budget})
}

# Within budget on what is known, but some prices depend on values unknown until apply.
violation contains v if {
	some name, totals in input.totals.stacks
	budget := stack_budget(name)
	totals.monthly_usd <= budget
	pending := pending_prices(name, "stack", name)
	count(pending) > 0
	v := lib.indeterminate("cost.stack_budget", "high", lib.stack_resource(name),
		sprintf("stack %s is estimated at %s/month of its %s budget, but %d prices depend on values unknown until apply", [
			name, lib.usd(totals.monthly_usd), lib.usd(budget), count(pending),
		]),
		pending)
}

stack_budget(name) := object.get(params.stack_monthly_usd, name, params.stack_monthly_usd.default)

# "address:pointer" of every unknown value the prices of a group's resources depend on.
pending_prices(group, key, name) := sort([sprintf("%s:%s", [r.address, p]) |
	some r in input.resources
	count(r.cost.unknown) > 0
	r[key] == name
	lib.live(r)
	some p in r.cost.unknown
])

# METADATA
# title: Team monthly budget
# description: What a team's tagged resources cost per month stays within the team's budget.
# custom:
#   id: cost.team_budget
#   enforcement: mandatory
#   severity: high
#   remediation: Bring the team's resources under budget or have FinOps raise params.cost.team_monthly_usd for the team.
violation contains v if {
	some team, totals in input.totals.teams
	budget := params.team_monthly_usd[team]
	totals.monthly_usd > budget
	v := lib.violation("cost.team_budget", "high", sprintf("team:%s", [team]),
		sprintf("team %s's resources are estimated at %s/month, over the team budget of %s", [team, lib.usd(totals.monthly_usd), lib.usd(budget)]),
		{"team": team, "monthly_usd": totals.monthly_usd, "budget_usd": budget})
}

violation contains v if {
	some team, totals in input.totals.teams
	budget := params.team_monthly_usd[team]
	totals.monthly_usd <= budget
	pending := pending_prices(team, "team", team)
	count(pending) > 0
	v := lib.indeterminate("cost.team_budget", "high", sprintf("team:%s", [team]),
		sprintf("team %s's resources are estimated at %s/month of its %s budget, but %d prices depend on values unknown until apply", [
			team, lib.usd(totals.monthly_usd), lib.usd(budget), count(pending),
		]),
		pending)
}

# METADATA
# title: Per-change cost increase
# description: One change may not raise a stack's monthly cost by more than the ceiling, measured against the baseline (prior state or --baseline plan).
# custom:
#   id: cost.change_delta
#   enforcement: mandatory
#   severity: medium
#   remediation: Split the change into reviewed steps, or get FinOps approval and a waiver for this increase.
violation contains v if {
	some name, totals in input.totals.stacks
	before := baseline_monthly(name)
	increase := totals.monthly_usd - before
	increase > params.max_monthly_increase_usd
	v := lib.violation("cost.change_delta", "medium", lib.stack_resource(name),
		sprintf("this change raises stack %s from %s to %s/month (+%s), more than the %s one change may add", [
			name, lib.usd(before), lib.usd(totals.monthly_usd), lib.usd(increase), lib.usd(params.max_monthly_increase_usd),
		]),
		{"baseline_usd": before, "monthly_usd": totals.monthly_usd, "increase_usd": increase, "ceiling_usd": params.max_monthly_increase_usd})
}

violation contains v if {
	some name, totals in input.totals.stacks
	totals.monthly_usd - baseline_monthly(name) <= params.max_monthly_increase_usd
	pending := pending_prices(name, "stack", name)
	count(pending) > 0
	v := lib.indeterminate("cost.change_delta", "medium", lib.stack_resource(name),
		sprintf("this change raises stack %s by %s/month on what is known, but %d prices depend on values unknown until apply", [
			name, lib.usd(totals.monthly_usd - baseline_monthly(name)), count(pending),
		]),
		pending)
}

# A stack the baseline does not have is new: it starts from nothing.
baseline_monthly(name) := object.get(input, ["baseline", "totals", "stacks", name, "monthly_usd"], 0)

# METADATA
# title: GPU quota per team
# description: A team's GPUs provisioned at once, and its GPU-hours per month, stay within its quota.
# custom:
#   id: cost.gpu_quota
#   enforcement: mandatory
#   severity: high
#   remediation: Lower node counts or scaling maxima, or request more quota in params.cost.gpu_quota.
violation contains v if {
	some team, totals in input.totals.teams
	quota := gpu_quota(team)
	totals.gpu_count > quota.gpus
	v := lib.violation("cost.gpu_quota", "high", sprintf("team:%s", [team]),
		sprintf("team %s would hold %d GPUs, over its quota of %d", [team, totals.gpu_count, quota.gpus]),
		{"team": team, "gpus": totals.gpu_count, "quota_gpus": quota.gpus})
}

violation contains v if {
	some team, totals in input.totals.teams
	quota := gpu_quota(team)
	totals.gpu_hours_month > quota.gpu_hours_month
	v := lib.violation("cost.gpu_quota", "high", sprintf("team:%s", [team]),
		sprintf("team %s would use %d GPU-hours a month, over its quota of %d", [team, round(totals.gpu_hours_month), quota.gpu_hours_month]),
		{"team": team, "gpu_hours_month": totals.gpu_hours_month, "quota_gpu_hours_month": quota.gpu_hours_month})
}

# How many GPUs a resource brings depends on a node count (or GPU shape) the plan does not give.
violation contains v if {
	some r in lib.live_gpus
	r.gpu.count == null
	v := lib.indeterminate("cost.gpu_quota", "high", r.address,
		sprintf("%s brings GPUs but how many is not known before apply, so the team's GPU quota cannot be checked", [r.address]),
		[sprintf("%s:%s", [r.address, p]) | some p in r.gpu.unknown])
}

gpu_quota(team) := object.get(params.gpu_quota, team, params.gpu_quota.default)

# METADATA
# title: On-demand share of training capacity
# description: Training workloads run mostly on spot, reserved or committed GPU capacity; on-demand may be at most the configured share of their GPU cost.
# custom:
#   id: cost.training_on_demand
#   enforcement: advisory
#   severity: medium
#   remediation: Move training node groups to spot (capacity_type = "SPOT", provisioning_model = "SPOT", priority = "Spot") or committed capacity.
violation contains v if {
	some name in {r.stack | some r in training}
	costs := [r.cost | some r in training; r.stack == name]
	total := sum([c.monthly_usd | some c in costs])
	on_demand := sum([c.monthly_usd | some c in costs; c.price_model == "on_demand"])
	total > 0
	share := on_demand / total
	share > params.training.max_on_demand_share
	v := lib.violation("cost.training_on_demand", "medium", lib.stack_resource(name),
		sprintf("%s of training GPU cost in stack %s is on-demand (%s of %s/month); at most %s is allowed", [
			lib.percent(share), name, lib.usd(on_demand), lib.usd(total), lib.percent(params.training.max_on_demand_share),
		]),
		{"on_demand_usd": on_demand, "total_usd": total, "share": share, "max_share": params.training.max_on_demand_share})
}

free_kinds := {k | some k in params.unpriced.free_kinds}

# Training capacity whose price model or price hinges on values unknown until apply.
violation contains v if {
	some r in lib.live_gpus
	r.tags[params.training.tag] in params.training.values
	count(r.cost.unknown) > 0
	v := lib.indeterminate("cost.training_on_demand", "medium", r.address,
		sprintf("training capacity %s cannot be priced before apply, so its on-demand share cannot be checked", [r.address]),
		[sprintf("%s:%s", [r.address, p]) | some p in r.cost.unknown])
}

# Priced GPU resources tagged as training workloads.
training := [r |
	some r in lib.live_gpus
	r.cost.priced
	r.tags[params.training.tag] in params.training.values
]

# METADATA
# title: Cap on unpriced resources
# description: >-
#   Resources the catalogue cannot price escape every cost ceiling, so only a few may stay unpriced.
#   Kinds that cost nothing by nature are not counted.
# custom:
#   id: cost.unpriced_cap
#   enforcement: advisory
#   severity: medium
#   remediation: Add the missing prices with --catalogue (negotiated or private pricing), or give the value the estimator needs (usage file, known instance type).
violation contains v if {
	some name in {r.stack | some r in input.resources}
	unpriced := sort([r.address |
		some r in input.resources
		r.cost.priced == false
		r.stack == name
		lib.live(r)
		not r.kind in free_kinds
	])
	count(unpriced) > params.unpriced.max_resources
	v := lib.violation("cost.unpriced_cap", "medium", lib.stack_resource(name),
		sprintf("%d resources in stack %s have no price, so cost ceilings do not cover them (at most %d allowed): %s", [
			count(unpriced), name, params.unpriced.max_resources, concat(", ", unpriced),
		]),
		{"unpriced": unpriced, "max_resources": params.unpriced.max_resources})
}
