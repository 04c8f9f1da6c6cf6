package tollgate.tagging_test

import data.tollgate.tagging

params := {"required": ["team", "project"], "taggable_kinds": ["storage.object_bucket"]}

bucket(tags, unknown) := {
	"address": "aws_s3_bucket.b", "mode": "managed", "action": "create",
	"kind": "storage.object_bucket", "tags": tags, "tags_unknown": unknown,
}

check(resources) := vs if {
	vs := tagging.violation with data.params.tagging as params with input as {"resources": resources}
}

test_all_tags_present_allows if {
	count(check([bucket({"team": "ml", "project": "llm"}, [])])) == 0
}

test_missing_tags_deny if {
	vs := check([bucket({"team": "ml"}, [])])
	some v in vs
	v.policy == "tagging.required"
	v.data.missing == ["project"]
	v.msg == "aws_s3_bucket.b is missing required tags: project"
}

test_blank_tag_counts_as_missing if {
	vs := check([bucket({"team": " ", "project": "llm"}, [])])
	some v in vs
	v.data.missing == ["team"]
}

test_untaggable_kind_is_not_checked if {
	attachment := object.union(bucket({}, []), {"kind": "security.iam"})
	count(check([attachment])) == 0
}

test_tag_unknown_until_apply_is_indeterminate if {
	vs := check([bucket({"team": "ml"}, ["project"])])
	count(vs) == 1
	some v in vs
	v.indeterminate
	v.unknown == ["aws_s3_bucket.b:/tags/project"]
}

test_whole_tag_map_unknown_is_indeterminate if {
	vs := check([bucket({}, ["*"])])
	some v in vs
	v.indeterminate
	count(v.unknown) == 2
}
