package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.tollgate.facts.EstimatorComputeTest.HOURS;
import static dev.tollgate.facts.EstimatorComputeTest.assertMoney;
import static dev.tollgate.facts.EstimatorComputeTest.price;
import static dev.tollgate.facts.TestPlans.plan;
import static dev.tollgate.facts.TestPlans.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateTest {

    private final Estimator estimator = new Estimator(Catalogue.bundled());

    private static Resource group(int nodes) {
        return res("aws_eks_node_group.gpu", "aws_eks_node_group").region("us-east-1")
                .after("{'instance_types':['g6e.12xlarge'],'scaling_config':[{'desired_size':" + nodes + "}]}").build();
    }

    private static Resource cluster() {
        return res("aws_eks_cluster.main", "aws_eks_cluster").region("us-east-1").after("{}").build();
    }

    @Test
    void totalsSumResourcesAndCountUnpriced() {
        Resource unknown = res("aws_instance.x", "aws_instance").region("us-east-1").after("{'instance_type':'x9.huge'}").build();
        Resource vpc = res("aws_vpc.main", "aws_vpc").region("us-east-1").build();
        Estimate e = estimator.estimate(plan(group(2), cluster(), unknown, vpc));
        BigDecimal expected = price("aws", "g6e.12xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS)
                .add(EstimatorServicesTest.rate("aws", "eks", "control-plane-standard", "us-east-1").multiply(HOURS));
        assertMoney(expected, e.totalMonthlyUsd());
        assertMoney(expected.divide(HOURS, java.math.MathContext.DECIMAL64).setScale(6, java.math.RoundingMode.HALF_UP), e.totalHourlyUsd());
        assertEquals(1, e.unpricedCount());
        assertEquals(4, e.resources().size());
    }

    @Test
    void deletedResourcesCostNothingAndDataSourcesAreSkipped() {
        Resource deleted = res("aws_instance.old", "aws_instance").region("us-east-1").after("{'instance_type':'p5.48xlarge'}")
                .action(Resource.Action.DELETE).build();
        Resource data = res("data.aws_ami.ubuntu", "aws_ami").data().build();
        Estimate e = estimator.estimate(plan(deleted, data));
        assertEquals(1, e.resources().size());
        ResourceCost c = e.resources().get(0);
        assertEquals(ResourceCost.Status.DELETED, c.status());
        assertMoney(BigDecimal.ZERO, c.monthlyUsd());
        assertEquals(List.of("deleted by this plan: costs nothing after apply"), c.notes());
    }

    @Test
    void diffMatchesResourcesByAddress() {
        Resource gone = res("aws_kms_key.old", "aws_kms_key").region("us-east-1").after("{}").build();
        Plan baseline = plan(group(2), cluster(), gone);
        Plan current = plan(group(5), cluster(), res("aws_kms_key.new", "aws_kms_key").region("us-east-1").after("{}").build());
        CostDiff d = estimator.estimate(current, baseline).diff();
        BigDecimal node = price("aws", "g6e.12xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(HOURS);
        BigDecimal key = EstimatorServicesTest.rate("aws", "kms", "key", "us-east-1");
        assertEquals(4, d.resources().size());
        CostDiff.Line g = d.resources().get(0);
        assertEquals(CostDiff.Change.CHANGED, g.change());
        assertMoney(node.multiply(BigDecimal.valueOf(3)), g.deltaMonthlyUsd());
        assertEquals(CostDiff.Change.UNCHANGED, d.resources().get(1).change());
        assertEquals(CostDiff.Change.ADDED, d.resources().get(2).change());
        assertEquals("aws_kms_key.old", d.resources().get(3).address());
        assertEquals(CostDiff.Change.REMOVED, d.resources().get(3).change());
        assertMoney(key.negate(), d.resources().get(3).deltaMonthlyUsd());
        assertMoney(node.multiply(BigDecimal.valueOf(3)), d.deltaMonthlyUsd());
        assertMoney(d.monthlyUsd().subtract(d.baselineMonthlyUsd()), d.deltaMonthlyUsd());
    }

    @Test
    void jsonHasSnakeCaseFieldsForThePolicyInput() {
        Estimate e = estimator.estimate(plan(group(2), res("aws_instance.x", "aws_instance").region("us-east-1").after("{'instance_type':'x9.huge'}").build()));
        JsonNode json = e.toJson();
        for (String field : List.of("currency", "hours_per_month", "total_hourly_usd", "total_monthly_usd", "total_carbon_kg_month",
                "unpriced_count", "resources", "catalogue", "stale_warnings")) {
            assertTrue(json.has(field), field + " in " + json);
        }
        assertEquals(730, json.get("hours_per_month").asInt());
        JsonNode r = json.get("resources").get(0);
        for (String field : List.of("address", "region", "hourly_usd", "monthly_usd", "price_model", "components", "unpriced",
                "carbon_kg_month", "carbon_basis", "assumptions", "status")) {
            assertTrue(r.has(field), field + " in " + r);
        }
        JsonNode c = r.get("components").get(0);
        for (String field : List.of("name", "quantity", "unit", "unit_price_usd", "monthly_usd", "source", "as_of", "catalogue_row")) {
            assertTrue(c.has(field), field + " in " + c);
        }
        assertEquals("2026-07-20", c.get("as_of").asText());
        assertEquals("priced", r.get("status").asText());
        assertEquals("unpriced", json.get("resources").get(1).get("status").asText());
        assertEquals(1, json.get("unpriced_count").asInt());
        assertEquals("2022-12-30", json.get("catalogue").get("prices.csv").get("oldest").asText());
        assertFalse(json.has("diff"));
        // Money is written plainly, never in exponent form.
        String text = json.toString();
        assertFalse(text.matches(".*\\d[eE][+-]?\\d.*"), text);
    }

    @Test
    void estimatesAreRepeatable() {
        Plan p = plan(group(3), cluster());
        assertEquals(estimator.estimate(p).toJson(), estimator.estimate(p).toJson());
    }
}
