package tollgate.carbon_test

import data.tollgate.carbon

params := {"stack_budget_kg_month": {"default": 1000}, "min_saving_share": 0.3}

residency := {"classification_tag": "data-classification", "allowed_jurisdictions": {"restricted": ["EU"]}}

catalogue := {"regions": {"aws": {
	"eu-central-1": {"jurisdictions": ["DE", "EU"], "grid_gco2e_per_kwh": 311, "gpu_types": ["g6.xlarge"]},
	"eu-north-1": {"jurisdictions": ["SE", "EU"], "grid_gco2e_per_kwh": 8.8, "gpu_types": ["g6.xlarge"]},
	"eu-west-3": {"jurisdictions": ["FR", "EU"], "grid_gco2e_per_kwh": 51, "gpu_types": ["g6.xlarge"]},
	"us-west-2": {"jurisdictions": ["US"], "grid_gco2e_per_kwh": 5, "gpu_types": ["g6.xlarge"]},
	"eu-south-1": {"jurisdictions": ["IT", "EU"], "grid_gco2e_per_kwh": 1, "gpu_types": []},
}}}

instance(region, grid, juris, tags) := {
	"address": "aws_instance.gpu", "mode": "managed", "action": "create", "provider": "aws",
	"kind": "compute.instance", "tags": tags, "values": {}, "unknown_paths": [],
	"location": {"region": region, "known": true, "jurisdictions": juris, "grid_gco2e_per_kwh": grid},
	"machine": {"type": "g6.xlarge", "types": ["g6.xlarge"]},
	"gpu": {"model": "NVIDIA L4", "per_instance": 1, "count": 1},
	"carbon": {"kg_co2e_month": 100},
}

check(resources, stack_totals) := vs if {
	vs := carbon.violation with data.params.carbon as params
		with data.params.residency as residency
		with input as {"resources": resources, "catalogue": catalogue, "totals": {"stacks": {"s": stack_totals}}}
}

test_within_budget_in_clean_region_allows if {
	count(check([instance("eu-north-1", 8.8, ["SE", "EU"], {})], {"carbon_kg_month": 100})) == 0
}

test_over_budget_warns if {
	vs := check([], {"carbon_kg_month": 1500})
	some v in vs
	v.policy == "carbon.stack_budget"
	v.resource == "stack:s"
}

test_suggests_the_cleanest_region_in_the_same_jurisdiction if {
	vs := check([instance("eu-central-1", 311, ["DE", "EU"], {})], {"carbon_kg_month": 100})
	some v in vs
	v.policy == "carbon.lower_carbon_region"
	v.data.suggested_region == "eu-north-1"
	contains(v.msg, "eu-north-1 offers g6.xlarge at 9 gCO2e/kWh")
}

test_never_suggests_outside_the_allowed_jurisdictions if {
	vs := check([instance("eu-central-1", 311, ["DE", "EU"], {"data-classification": "restricted"})], {"carbon_kg_month": 100})
	every v in vs {
		v.data.suggested_region != "us-west-2"
	}
}

test_unclassified_us_workload_stays_in_the_us if {
	vs := check([instance("us-east-1", 379, ["US"], {})], {"carbon_kg_month": 100})
	some v in vs
	v.data.suggested_region == "us-west-2"
}

test_small_saving_is_not_worth_a_warning if {
	vs := carbon.violation with data.params.carbon as object.union(params, {"min_saving_share": 0.9})
		with data.params.residency as residency
		with input as {"resources": [instance("eu-west-3", 51, ["FR", "EU"], {})], "catalogue": catalogue, "totals": {"stacks": {}}}
	count(vs) == 0
}

test_gpu_without_region_makes_the_budget_indeterminate if {
	nowhere := object.union(instance("eu-central-1", 311, ["DE", "EU"], {}), {"stack": "s", "location": {"known": false, "basis": "unknown", "detail": "var.region", "jurisdictions": []}, "carbon": null})
	vs := check([nowhere], {"carbon_kg_month": 100})
	some v in vs
	v.policy == "carbon.stack_budget"
	v.indeterminate
	v.unknown == ["aws_instance.gpu:var.region"]
}

# carbon.lower_carbon_region has no indeterminate case: with no region there is nothing to compare, and it only advises.
test_no_suggestion_without_a_region if {
	nowhere := object.union(instance("eu-central-1", 311, ["DE", "EU"], {}), {"location": {"known": false, "basis": "unknown", "detail": "var.region", "jurisdictions": []}})
	vs := check([nowhere], {"carbon_kg_month": 100})
	every v in vs {
		v.policy != "carbon.lower_carbon_region"
	}
}
