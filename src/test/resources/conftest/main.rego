# A conftest policy as teams already have them: it reads the raw `terraform show -json` document.
package main

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
	"create" in rc.change.actions
	endswith(rc.address, ".replica")
	msg := sprintf("%s: a replica bucket needs a data-protection review", [rc.address])
}

warn_capacity contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_eks_node_group"
	rc.change.after.capacity_type == "ON_DEMAND"
	msg := sprintf("%s: consider spot capacity", [rc.address])
}
