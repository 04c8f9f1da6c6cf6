# METADATA
# title: Carbon
# description: >-
#   Advisory guardrails on the estimated emissions of a stack (kgCO2e per month from GPU/CPU power,
#   utilisation, PUE and the grid), and a cleaner region to consider within the jurisdictions allowed.
package tollgate.carbon

import data.tollgate.lib

params := data.params.carbon

# METADATA
# title: Stack carbon budget
# description: A stack's estimated emissions stay within its monthly kgCO2e budget.
# custom:
#   id: carbon.stack_budget
#   enforcement: advisory
#   severity: low
#   remediation: Move GPU work to a lower-carbon region, schedule it where the grid is cleaner, or right-size the fleet.
violation contains v if {
	some name, totals in input.totals.stacks
	budget := object.get(params.stack_budget_kg_month, name, params.stack_budget_kg_month.default)
	totals.carbon_kg_month > budget
	v := lib.violation("carbon.stack_budget", "low", lib.stack_resource(name),
		sprintf("stack %s is estimated at %d kgCO2e/month, over its budget of %d", [name, round(totals.carbon_kg_month), round(budget)]),
		{"kg_co2e_month": totals.carbon_kg_month, "budget_kg_month": budget})
}

# Within budget on what is known, but GPU resources whose region is unknown have no carbon figure yet.
violation contains v if {
	some name, totals in input.totals.stacks
	budget := object.get(params.stack_budget_kg_month, name, params.stack_budget_kg_month.default)
	totals.carbon_kg_month <= budget
	pending := sort([sprintf("%s:%s", [r.address, r.location.detail]) |
		some r in lib.live_gpus
		r.stack == name
		r.location.basis == "unknown"
	])
	count(pending) > 0
	v := lib.indeterminate("carbon.stack_budget", "low", lib.stack_resource(name),
		sprintf("stack %s is estimated at %d kgCO2e/month, but %d GPU resources have no region before apply", [name, round(totals.carbon_kg_month), count(pending)]),
		pending)
}

# Jurisdictions a resource could move to: those allowed for its data class, else its own.
movable_to(r) := data.params.residency.allowed_jurisdictions[lower(r.tags[data.params.residency.classification_tag])]

movable_to(r) := r.location.jurisdictions if not data.params.residency.allowed_jurisdictions[lower(r.tags[data.params.residency.classification_tag])]

# Cleaner regions of the same provider that offer the machine type, within those jurisdictions.
cleaner(r) := [[facts.grid_gco2e_per_kwh, region] |
	some region, facts in input.catalogue.regions[r.provider]
	region != r.location.region
	r.machine.type in facts.gpu_types
	some j in facts.jurisdictions
	j in movable_to(r)
	facts.grid_gco2e_per_kwh <= r.location.grid_gco2e_per_kwh * (1 - params.min_saving_share)
]

# METADATA
# title: Lower-carbon region
# description: A GPU workload runs where the grid is markedly dirtier than another region that offers the same machine type within the jurisdictions its data allows; the message suggests the cleanest.
# custom:
#   id: carbon.lower_carbon_region
#   enforcement: advisory
#   severity: low
#   remediation: Consider the suggested region; it offers the same GPU type inside the jurisdictions the data may live in.
violation contains v if {
	some r in lib.live_gpus
	r.location.known
	r.carbon.kg_co2e_month > 0
	options := sort(cleaner(r))
	count(options) > 0
	[grid, region] := options[0]
	saving := r.carbon.kg_co2e_month * (1 - (grid / r.location.grid_gco2e_per_kwh))
	v := lib.violation("carbon.lower_carbon_region", "low", r.address,
		sprintf("%s runs in %s at %d gCO2e/kWh; %s offers %s at %d gCO2e/kWh, about %d kgCO2e/month less", [
			r.address, r.location.region, round(r.location.grid_gco2e_per_kwh), region, r.machine.type, round(grid), round(saving),
		]),
		{"region": r.location.region, "suggested_region": region, "grid_gco2e_per_kwh": r.location.grid_gco2e_per_kwh, "suggested_grid_gco2e_per_kwh": grid, "saving_kg_month": saving})
}
