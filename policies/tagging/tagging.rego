# METADATA
# title: Tagging
# description: >-
#   Every taggable resource carries the tags cost allocation and residency depend on
#   (team, project, cost-center, environment, data-classification by default).
package tollgate.tagging

import data.tollgate.lib

params := data.params.tagging

taggable(r) if {
	lib.live(r)
	r.kind in params.taggable_kinds
}

# A tag whose value will only be known after apply (tags = var.tags, a tag from another resource's output).
unknown_tag(r, key) if "*" in r.tags_unknown

unknown_tag(r, key) if key in r.tags_unknown

missing(r) := [key |
	some key in params.required
	not present(r, key)
	not unknown_tag(r, key)
]

present(r, key) if trim_space(r.tags[key]) != ""

# METADATA
# title: Required tags
# description: Every taggable resource carries the required tags (tags on AWS and Azure, labels on GCP, after provider default tags).
# custom:
#   id: tagging.required
#   enforcement: mandatory
#   severity: medium
#   remediation: Add the missing tags, or set them once for the stack with the provider's default_tags (AWS) or a stack transformation (Pulumi).
violation contains v if {
	some r in input.resources
	taggable(r)
	absent := missing(r)
	count(absent) > 0
	v := lib.violation("tagging.required", "medium", r.address,
		sprintf("%s is missing required tags: %s", [r.address, concat(", ", absent)]),
		{"missing": absent})
}

violation contains v if {
	some r in input.resources
	taggable(r)
	pending := [key |
		some key in params.required
		not present(r, key)
		unknown_tag(r, key)
	]
	count(pending) > 0
	v := lib.indeterminate("tagging.required", "medium", r.address,
		sprintf("%s gets its %s tags only at apply time, so they cannot be checked now", [r.address, concat(", ", pending)]),
		[sprintf("%s:/tags/%s", [r.address, key]) | some key in pending])
}
