package examples.gpu_quota

# METADATA
# title: GPU quota per team
# custom:
#   severity: high
deny contains msg if {
	some team, gpus in gpus_by_team
	gpus > data.quota[team]
	msg := $"team {team} asks for {gpus} GPUs, quota is {data.quota[team]}"
}

deny contains msg if {
	some r in input.resources
	not r.tags.team
	msg := sprintf("%s has no team tag", [r.address])
}

gpus_by_team[team] := sum([n |
	some r in input.resources
	r.tags.team == team
	n := r.gpus * r.count
]) if some team in {r.tags.team | some r in input.resources}

allow if count(deny) == 0
