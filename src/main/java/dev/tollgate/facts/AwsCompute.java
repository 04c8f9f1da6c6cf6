package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.plan.Resource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** EC2 instances, autoscaling groups, EKS node groups and control planes; Terraform and Pulumi types. */
final class AwsCompute {

    private AwsCompute() {}

    static final List<String> LAUNCH_TEMPLATES = List.of("aws_launch_template", "aws:ec2/launchTemplate:LaunchTemplate");
    static final List<String> LAUNCH_CONFIGURATIONS = List.of("aws_launch_configuration", "aws:ec2/launchConfiguration:LaunchConfiguration");

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("aws_instance", "aws:ec2/instance:Instance")) m.put(t, AwsCompute::instance);
        for (String t : LAUNCH_TEMPLATES) m.put(t, Compute::template);
        for (String t : LAUNCH_CONFIGURATIONS) m.put(t, Compute::template);
        for (String t : List.of("aws_autoscaling_group", "aws:autoscaling/group:Group")) m.put(t, AwsCompute::autoscalingGroup);
        for (String t : List.of("aws_eks_node_group", "aws:eks/nodeGroup:NodeGroup")) m.put(t, AwsCompute::nodeGroup);
        for (String t : List.of("aws_eks_cluster", "aws:eks/cluster:Cluster")) m.put(t, AwsCompute::eksCluster);
    }

    static void instance(Pricing p) {
        Optional<String> type = p.requireText("instance_type", "instance_type", "instanceType");
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs));
        if (type.isPresent() && model.isPresent()) Compute.instances(p, "Instance usage", type.get(), BigDecimal.ONE, model.get());
        AwsStorage.rootAndBlockDevices(p);
    }


    static void autoscalingGroup(Pricing p) {
        Double desired = p.attrs.number("desired_capacity", "desiredCapacity");
        Double min = p.attrs.number("min_size", "minSize");
        Double max = p.attrs.number("max_size", "maxSize");
        boolean desiredUnknown = p.isUnknown("desired_capacity", "desiredCapacity");

        String type = null;
        String spotEvidence = null;
        JsonNode mixed = p.attrs.get("mixed_instances_policy", "mixedInstancesPolicy");
        if (mixed != null) {
            type = p.attrs.text("mixed_instances_policy.launch_template.override[0].instance_type",
                    "mixedInstancesPolicy.launchTemplate.overrides[0].instanceType");
            if (type != null) p.assumptions.add("mixed instances policy: priced as its first override type " + type);
        }
        Optional<Resource> template = launchTemplate(p, "launch_template", "launchTemplate", "mixed_instances_policy", "mixedInstancesPolicy");
        if (template.isPresent()) {
            Attrs t = new Attrs(template.get().values(), template.get().unknownPaths());
            if (type == null) type = t.text("instance_type", "instanceType");
            spotEvidence = spot(t);
            if (type != null) p.assumptions.add("instance type " + type + " from " + template.get().address());
        }
        if (type == null) {
            Optional<Resource> config = launchConfiguration(p);
            if (config.isPresent()) {
                Attrs c = new Attrs(config.get().values(), config.get().unknownPaths());
                type = c.text("instance_type", "instanceType");
                if (c.text("spot_price", "spotPrice") != null) spotEvidence = config.get().address() + " sets spot_price";
                if (type != null) p.assumptions.add("instance type " + type + " from " + config.get().address());
            }
        }
        Optional<BigDecimal> nodes = Compute.groupSize(p, "desired_capacity", desired, desiredUnknown, "min_size", min, max);
        if (type == null) {
            p.unpriced("instance type not found: no launch template or launch configuration in the plan gives one");
            return;
        }
        if (nodes.isEmpty()) return;
        if (mixed != null) {
            mixedInstances(p, type, nodes.get(), mixed);
            return;
        }
        Optional<PriceModel> model = p.purchaseOption(spotEvidence);
        if (model.isPresent()) Compute.instances(p, "Instance usage", type, nodes.get(), model.get());
    }

    /** Splits a mixed-instances group into on-demand and spot parts as its instances distribution says. */
    private static void mixedInstances(Pricing p, String type, BigDecimal nodes, JsonNode mixed) {
        Double base = p.attrs.number("mixed_instances_policy.instances_distribution.on_demand_base_capacity",
                "mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity");
        Double pct = p.attrs.number("mixed_instances_policy.instances_distribution.on_demand_percentage_above_base_capacity",
                "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity");
        BigDecimal b = BigDecimal.valueOf(base == null ? 0 : base).min(nodes);
        BigDecimal share = BigDecimal.valueOf(pct == null ? 100 : pct).movePointLeft(2);
        BigDecimal onDemand = b.add(nodes.subtract(b).multiply(share));
        BigDecimal spot = nodes.subtract(onDemand);
        p.assumptions.add("mixed instances: " + Pricing.plain(onDemand) + " on-demand and " + Pricing.plain(spot)
                + " spot node(s) (base " + Pricing.plain(b) + ", " + Pricing.plain(share.movePointRight(2)) + "% on-demand above base)");
        Optional<PriceModel> model = p.purchaseOption(null);
        if (model.isPresent() && onDemand.signum() > 0) Compute.instances(p, "On-demand instances", type, onDemand, model.get());
        if (spot.signum() > 0) Compute.instances(p, "Spot instances", type, spot, PriceModel.SPOT);
    }

    static void nodeGroup(Pricing p) {
        String type = null;
        JsonNode types = p.attrs.get("instance_types", "instanceTypes");
        if (types != null && types.isArray() && !types.isEmpty()) {
            type = types.get(0).asText();
            if (types.size() > 1) p.assumptions.add("instance_types lists " + types.size() + " types: priced as the first, " + type);
        } else if (p.isUnknown("instance_types", "instanceTypes")) {
            p.unpriced("instance_types unknown until apply");
        } else {
            Optional<Resource> template = launchTemplate(p, "launch_template", "launchTemplate");
            if (template.isPresent()) {
                type = new Attrs(template.get().values(), template.get().unknownPaths()).text("instance_type", "instanceType");
                if (type != null) p.assumptions.add("instance type " + type + " from " + template.get().address());
            }
            if (type == null && p.attrs.get("launch_template", "launchTemplate") == null) {
                type = "t3.medium";
                p.assumptions.add("instance_types not set: EKS uses t3.medium");
            } else if (type == null) {
                p.unpriced("instance type not found: the node group's launch template is not in the plan or sets no instance_type");
            }
        }
        String capacity = p.attrs.text("capacity_type", "capacityType");
        String spot = "SPOT".equalsIgnoreCase(capacity) ? "capacity_type = SPOT" : null;
        Double desired = p.attrs.number("scaling_config.desired_size", "scalingConfig.desiredSize");
        boolean desiredUnknown = p.isUnknown("scaling_config.desired_size", "scalingConfig.desiredSize");
        Double min = p.attrs.number("scaling_config.min_size", "scalingConfig.minSize");
        Double max = p.attrs.number("scaling_config.max_size", "scalingConfig.maxSize");
        Optional<BigDecimal> nodes = Compute.groupSize(p, "scaling_config.desired_size", desired, desiredUnknown, "min_size", min, max);
        Optional<PriceModel> model = p.purchaseOption(spot);
        if (type != null && nodes.isPresent() && model.isPresent()) Compute.instances(p, "Node usage", type, nodes.get(), model.get());
        p.notes.add("node root volumes are not priced: their type and size come from the AMI or launch template");
    }

    static void eksCluster(Pricing p) {
        String support = p.attrs.text("upgrade_policy.support_type", "upgradePolicy.supportType");
        boolean extended = "EXTENDED".equalsIgnoreCase(support);
        if (!extended) {
            p.assumptions.add("standard Kubernetes version support" + (support == null ? " (upgrade_policy.support_type not set)" : "")
                    + "; a version in extended support is billed at the extended rate");
        }
        String sku = extended ? "control-plane-extended" : "control-plane-standard";
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("eks", sku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge("EKS control plane", hours, price));
    }

    /** Why the instance is spot, or null: {@code instance_market_options.market_type = spot}. */
    static String spot(Attrs a) {
        String market = a.text("instance_market_options.market_type", "instanceMarketOptions.marketType");
        return "spot".equalsIgnoreCase(market) ? "instance_market_options.market_type = spot" : null;
    }

    /** The launch template a group uses: by plan reference first, then by name or id. */
    static Optional<Resource> launchTemplate(Pricing p, String... attributes) {
        for (String a : attributes) {
            Optional<Resource> r = p.plan.referenced(p.resource.address(), a, LAUNCH_TEMPLATES);
            if (r.isPresent()) return r;
        }
        String name = p.attrs.text("launch_template.name", "launchTemplate.name",
                "mixed_instances_policy.launch_template.launch_template_specification.launch_template_name");
        if (name != null) {
            Optional<Resource> r = p.plan.withAttribute(LAUNCH_TEMPLATES, "name", name);
            if (r.isPresent()) return r;
        }
        String id = p.attrs.text("launch_template.id", "launchTemplate.id",
                "mixed_instances_policy.launch_template.launch_template_specification.launch_template_id");
        return id == null ? Optional.empty() : p.plan.withAttribute(LAUNCH_TEMPLATES, "id", id);
    }

    private static Optional<Resource> launchConfiguration(Pricing p) {
        Optional<Resource> r = p.plan.referenced(p.resource.address(), "launch_configuration", LAUNCH_CONFIGURATIONS);
        if (r.isPresent()) return r;
        String name = p.attrs.text("launch_configuration", "launchConfiguration");
        return name == null ? Optional.empty() : p.plan.withAttribute(LAUNCH_CONFIGURATIONS, "name", name);
    }
}
