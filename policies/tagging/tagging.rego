# METADATA
# title: Tagging
# description: >-
#   Every taggable resource carries the tags cost allocation and residency depend on
#   (team, project, cost-center, environment, data-classification by default).
package tollgate.tagging

import data.tollgate.lib

params := data.params.tagging

# The live resources of taggable kinds.
taggable := [r |
	some kind in params.taggable_kinds
	some r in lib.live_of(kind)
]

# A tag whose value will only be known after apply (tags = var.tags, a tag from another resource's output).
unknown_tag(r, key) if "*" in r.tags_unknown

unknown_tag(r, key) if key in r.tags_unknown

required := {k | some k in params.required}

# Required keys a resource lacks or leaves blank (unknown values are not judged here).
absent(r) := (required - object.keys(r.tags)) | {key |
	some key in required
	trim_space(r.tags[key]) == ""
}

missing(r) := sort([key |
	some key in absent(r)
	not unknown_tag(r, key)
])

# METADATA
# title: Required tags
# description: Every taggable resource carries the required tags (tags on AWS and Azure, labels on GCP, after provider default tags).
# custom:
#   id: tagging.required
#   enforcement: mandatory
#   severity: medium
#   remediation: Add the missing tags, or set them once for the stack with the provider's default_tags (AWS) or a stack transformation (Pulumi).
violation contains v if {
	some r in taggable
	lacking := missing(r)
	count(lacking) > 0
	v := lib.violation("tagging.required", "medium", r.address,
		sprintf("%s is missing required tags: %s", [r.address, concat(", ", lacking)]),
		{"missing": lacking})
}

violation contains v if {
	some r in taggable
	count(r.tags_unknown) > 0
	pending := sort([key |
		some key in absent(r)
		unknown_tag(r, key)
	])
	count(pending) > 0
	v := lib.indeterminate("tagging.required", "medium", r.address,
		sprintf("%s gets its %s tags only at apply time, so they cannot be checked now", [r.address, concat(", ", pending)]),
		[sprintf("%s:/tags/%s", [r.address, key]) | some key in pending])
}
