package dev.tollgate.facts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** NAT gateways, load balancers and KMS keys; Terraform and Pulumi types. */
final class AwsNetwork {

    private AwsNetwork() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("aws_nat_gateway", "aws:ec2/natGateway:NatGateway")) m.put(t, AwsNetwork::nat);
        for (String t : List.of("aws_lb", "aws_alb", "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")) m.put(t, AwsNetwork::loadBalancer);
        for (String t : List.of("aws_elb", "aws:elb/loadBalancer:LoadBalancer")) m.put(t, AwsNetwork::classicLoadBalancer);
        for (String t : List.of("aws_kms_key", "aws:kms/key:Key")) m.put(t, AwsNetwork::kms);
        for (String t : List.of("aws_eip", "aws:ec2/eip:Eip")) m.put(t, AwsNetwork::publicIpv4);
    }

    static void nat(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("nat-gateway", "hour", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("NAT gateway", hours, price));
        DataTransfer.processed(p, "Data processed", "nat-gateway", "data-processed");
    }

    /** ALB/NLB: a fixed monthly charge (quoted per 730 h) plus capacity units from usage. */
    static void loadBalancer(Pricing p) {
        String type = p.attrs.text("load_balancer_type", "loadBalancerType");
        if (type == null) {
            type = "application";
            p.assumptions.add("load_balancer_type not set: AWS creates an application load balancer");
        }
        String kind = type;
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal months = Quantities.months(p.hours());
        p.lookupOne("elb", kind, PriceModel.ON_DEMAND).ifPresent(price -> p.charge(capitalized(kind) + " load balancer", months, price));
        BigDecimal lcus = p.usage(UsageKey.AVERAGE_LCUS);
        p.lookupOne("elb", kind + "-lcu", PriceModel.ON_DEMAND).ifPresent(price -> {
            if (lcus.signum() > 0) p.charge("Load balancer capacity units", lcus.multiply(months), price);
        });
    }

    static void classicLoadBalancer(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("elb", "classic", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Classic load balancer", hours, price));
    }

    /** A customer managed key costs a monthly fee (prorated hourly) plus requests from usage. */
    static void kms(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal months = Quantities.months(p.hours());
        p.lookupOne("kms", "key", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Customer managed key", months, price));
        String spec = p.attrs.text("customer_master_key_spec", "key_spec", "customerMasterKeySpec", "keySpec");
        boolean asymmetric = spec != null && (spec.startsWith("RSA") || spec.startsWith("ECC"));
        AwsStorage.requests(p, asymmetric ? "Asymmetric requests" : "Symmetric requests", "kms",
                asymmetric ? "requests-asymmetric" : "requests-symmetric", UsageKey.MONTHLY_REQUESTS);
        if (p.usage.given(UsageKey.MONTHLY_REQUESTS).isEmpty()) p.assumptions.add("no key requests priced (set monthly_requests in a usage file)");
    }

    /** AWS bills every public IPv4 address by the hour, attached or not. */
    static void publicIpv4(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("public-ip", "ipv4", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Public IPv4 address", hours, price));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
