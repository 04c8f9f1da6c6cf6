package tollgate.cost_test

import data.tollgate.cost

params := {
	"resource_monthly_usd": {"default": 1000, "compute.gpu_node_group": 50000},
	"stack_monthly_usd": {"default": 100000, "big": 500000},
	"team_monthly_usd": {"ml": 60000},
	"max_monthly_increase_usd": 40000,
	"gpu_quota": {"default": {"gpus": 8, "gpu_hours_month": 5840}, "ml": {"gpus": 16, "gpu_hours_month": 11680}},
	"training": {"tag": "workload", "values": ["training"], "max_on_demand_share": 0.5},
	"unpriced": {"max_resources": 0, "free_kinds": ["network.vpc"]},
}

node_group(address, monthly, model) := {
	"address": address,
	"stack": "s",
	"mode": "managed",
	"action": "create",
	"kind": "compute.gpu_node_group",
	"tags": {"team": "ml", "workload": "training"},
	"team": "ml",
	"unknown_paths": [],
	"gpu": {"per_instance": 8, "instances": 1, "count": 8, "gpu_hours_month": 5840, "unknown": []},
	"cost": {"priced": true, "monthly_usd": monthly, "price_model": model, "unknown": []},
}

totals(monthly, gpus, hours) := {"monthly_usd": monthly, "gpu_count": gpus, "gpu_hours_month": hours}

plan(resources, stack_totals, team_totals) := {
	"resources": resources,
	"edges": [],
	"totals": {"stacks": {"s": stack_totals}, "teams": {"ml": team_totals}},
	"baseline": {"totals": {"stacks": {}}},
}

policies(vs) := {v.policy | some v in vs}

test_within_every_ceiling_allows if {
	vs := cost.violation with data.params.cost as params
		with input as plan(
			[node_group("aws_eks_node_group.a", 20000, "spot")],
			totals(20000, 8, 5840), totals(20000, 8, 5840),
		)
	count(vs) == 0
}

test_resource_over_its_kind_ceiling_denies if {
	vs := cost.violation with data.params.cost as params
		with input as plan(
			[node_group("aws_eks_node_group.a", 80000, "spot")],
			totals(80000, 8, 5840), totals(20000, 8, 5840),
		)
	some v in vs
	v.policy == "cost.resource_ceiling"
	v.resource == "aws_eks_node_group.a"
	v.data.ceiling_usd == 50000
	contains(v.msg, "$80000/month")
	not v.indeterminate
}

test_kind_without_ceiling_uses_default if {
	bucket := object.union(node_group("aws_s3_bucket.b", 1500, "on_demand"), {"kind": "storage.object_bucket", "gpu": null})
	vs := cost.violation with data.params.cost as params
		with input as plan([bucket], totals(1500, 0, 0), totals(1500, 0, 0))
	some v in vs
	v.policy == "cost.resource_ceiling"
	v.data.ceiling_usd == 1000
}

test_deleted_resource_is_not_counted if {
	gone := object.union(node_group("aws_eks_node_group.a", 80000, "spot"), {"action": "delete"})
	vs := cost.violation with data.params.cost as params
		with input as plan([gone], totals(0, 0, 0), totals(0, 0, 0))
	not "cost.resource_ceiling" in policies(vs)
}

test_unknown_price_is_indeterminate if {
	unknown := object.union(node_group("aws_eks_node_group.a", 0, "on_demand"), {"cost": {"priced": false, "unknown": ["/instance_types"]}})
	vs := cost.violation with data.params.cost as params
		with input as plan([unknown], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.resource_ceiling"
	v.indeterminate
	v.unknown == ["aws_eks_node_group.a:/instance_types"]
}

test_stack_over_budget_denies if {
	vs := cost.violation with data.params.cost as params
		with input as plan([], totals(120000, 0, 0), totals(0, 0, 0))
	some v in vs
	v.policy == "cost.stack_budget"
	v.resource == "stack:s"
	v.data.budget_usd == 100000
}

test_stack_budget_can_be_set_per_stack if {
	p := object.union(params, {"stack_monthly_usd": {"default": 100000, "s": 200000}})
	vs := cost.violation with data.params.cost as p
		with input as plan([], totals(120000, 0, 0), totals(0, 0, 0))
	not "cost.stack_budget" in policies(vs)
}

test_team_over_budget_denies if {
	vs := cost.violation with data.params.cost as params
		with input as plan([], totals(70000, 0, 0), totals(70000, 0, 0))
	some v in vs
	v.policy == "cost.team_budget"
	v.resource == "team:ml"
}

test_team_without_budget_is_not_checked if {
	i := {"resources": [], "edges": [], "baseline": {"totals": {"stacks": {}}}, "totals": {"stacks": {}, "teams": {"other": totals(900000, 0, 0)}}}
	vs := cost.violation with data.params.cost as params with input as i
	not "cost.team_budget" in policies(vs)
}

test_increase_against_baseline_denies if {
	i := object.union(plan([], totals(90000, 0, 0), totals(0, 0, 0)), {"baseline": {"totals": {"stacks": {"s": {"monthly_usd": 30000}}}}})
	vs := cost.violation with data.params.cost as params with input as i
	some v in vs
	v.policy == "cost.change_delta"
	v.data.increase_usd == 60000
}

test_small_increase_allows if {
	i := object.union(plan([], totals(90000, 0, 0), totals(0, 0, 0)), {"baseline": {"totals": {"stacks": {"s": {"monthly_usd": 60000}}}}})
	vs := cost.violation with data.params.cost as params with input as i
	not "cost.change_delta" in policies(vs)
}

test_new_stack_counts_from_zero if {
	vs := cost.violation with data.params.cost as params
		with input as plan([], totals(45000, 0, 0), totals(0, 0, 0))
	some v in vs
	v.policy == "cost.change_delta"
	v.data.baseline_usd == 0
}

test_team_over_gpu_count_denies if {
	vs := cost.violation with data.params.cost as params
		with input as plan([], totals(0, 0, 0), totals(0, 24, 0))
	some v in vs
	v.policy == "cost.gpu_quota"
	v.data.quota_gpus == 16
}

test_team_over_gpu_hours_denies if {
	vs := cost.violation with data.params.cost as params
		with input as plan([], totals(0, 0, 0), totals(0, 8, 20000))
	some v in vs
	v.policy == "cost.gpu_quota"
	v.data.quota_gpu_hours_month == 11680
}

test_unknown_node_count_is_indeterminate_for_quota if {
	ng := object.union(node_group("aws_eks_node_group.a", 20000, "spot"), {"gpu": {"per_instance": 8, "count": null, "unknown": ["/scaling_config/0/desired_size"]}})
	vs := cost.violation with data.params.cost as params
		with input as plan([ng], totals(20000, 0, 0), totals(20000, 0, 0))
	some v in vs
	v.policy == "cost.gpu_quota"
	v.indeterminate
	v.unknown == ["aws_eks_node_group.a:/scaling_config/0/desired_size"]
}

test_mostly_on_demand_training_warns if {
	vs := cost.violation with data.params.cost as params
		with input as plan(
			[node_group("aws_eks_node_group.a", 30000, "on_demand"), node_group("aws_eks_node_group.b", 10000, "spot")],
			totals(40000, 16, 11680), totals(40000, 16, 11680),
		)
	some v in vs
	v.policy == "cost.training_on_demand"
	v.data.share == 0.75
}

test_mostly_spot_training_allows if {
	vs := cost.violation with data.params.cost as params
		with input as plan(
			[node_group("aws_eks_node_group.a", 10000, "on_demand"), node_group("aws_eks_node_group.b", 30000, "spot")],
			totals(40000, 16, 11680), totals(40000, 16, 11680),
		)
	not "cost.training_on_demand" in policies(vs)
}

test_unpriced_resource_over_cap if {
	unpriced := object.union(node_group("aws_eks_node_group.a", 0, "on_demand"), {"cost": {"priced": false, "unknown": []}})
	vs := cost.violation with data.params.cost as params
		with input as plan([unpriced], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.unpriced_cap"
	v.data.unpriced == ["aws_eks_node_group.a"]
}

test_free_kinds_do_not_count_as_unpriced if {
	vpc := {"address": "aws_vpc.main", "stack": "s", "mode": "managed", "action": "create", "kind": "network.vpc", "tags": {}, "unknown_paths": [], "gpu": null, "cost": {"priced": false, "unknown": []}}
	vs := cost.violation with data.params.cost as params
		with input as plan([vpc], totals(0, 0, 0), totals(0, 0, 0))
	not "cost.unpriced_cap" in policies(vs)
}

unknown_priced(address) := object.union(node_group(address, 0, "on_demand"), {"cost": {"priced": false, "monthly_usd": 0, "unknown": ["/instance_types"]}})

test_stack_budget_with_unknown_prices_is_indeterminate if {
	vs := cost.violation with data.params.cost as params
		with input as plan([node_group("aws_eks_node_group.a", 20000, "spot"), unknown_priced("aws_eks_node_group.b")], totals(20000, 8, 5840), totals(20000, 8, 5840))
	some v in vs
	v.policy == "cost.stack_budget"
	v.indeterminate
	v.unknown == ["aws_eks_node_group.b:/instance_types"]
}

test_team_budget_with_unknown_prices_is_indeterminate if {
	vs := cost.violation with data.params.cost as params
		with input as plan([unknown_priced("aws_eks_node_group.b")], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.team_budget"
	v.indeterminate
	v.resource == "team:ml"
}

test_change_delta_with_unknown_prices_is_indeterminate if {
	vs := cost.violation with data.params.cost as params
		with input as plan([unknown_priced("aws_eks_node_group.b")], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.change_delta"
	v.indeterminate
}

test_training_capacity_priced_only_at_apply_is_indeterminate if {
	vs := cost.violation with data.params.cost as params
		with input as plan([unknown_priced("aws_eks_node_group.b")], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.training_on_demand"
	v.indeterminate
	v.resource == "aws_eks_node_group.b"
}

# cost.unpriced_cap has no indeterminate case: a resource priced only at apply is one of the unpriced it caps.
test_unknown_price_counts_against_the_unpriced_cap if {
	vs := cost.violation with data.params.cost as params
		with input as plan([unknown_priced("aws_eks_node_group.b")], totals(0, 8, 5840), totals(0, 8, 5840))
	some v in vs
	v.policy == "cost.unpriced_cap"
	v.data.unpriced == ["aws_eks_node_group.b"]
}
