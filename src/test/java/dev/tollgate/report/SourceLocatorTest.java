package dev.tollgate.report;

import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Source;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.report.SarifReport.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Where a violation is said: .tf blocks through local modules, Pulumi Java constructors, and honest fallbacks. */
class SourceLocatorTest {

    @TempDir
    Path tmp;

    static Decision decision(String file) {
        return new Decision("dec-0", "2026-11-23T12:00:00Z", Decision.Verdict.DENY, false,
                new Decision.Stack("s", "file", null, "terraform", "terraform_plan", file), new Decision.Inputs(null, null, null, null),
                new Decision.Policies("sha256:" + "0".repeat(64), "policies", List.of()), Map.of(),
                new Decision.Summary(0, 0, 0, 0, 0, 0, 0), List.of(), List.of(),
                new Decision.Totals(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, 0));
    }

    static Decision.Violation violation(String resource) {
        return new Decision.Violation("p.x", "X", resource, "m", "high", Enforcement.MANDATORY, Decision.Outcome.DENY, false,
                List.of(), null, null, null);
    }

    Location locate(Source.Tool tool, Path planPath, String display, String resource) {
        Plan plan = new Plan(new Source(tool, tool == Source.Tool.PULUMI ? Source.Format.PULUMI_PROGRAM : Source.Format.TERRAFORM_PLAN,
                null, null, display), "s", List.of(), List.of(), Map.of(), Map.of(), List.of(), List.of());
        return new SourceLocator(List.of(new PlanFile("k", planPath, display, plan, "0"))).locate(decision(display), violation(resource));
    }

    @Test
    void followsLocalModulesToTheResourceBlock() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("infra"));
        Files.writeString(root.resolve("main.tf"), """
                provider "aws" {}

                module "net" {
                  source = "./modules/net"
                  cidr   = "10.0.0.0/16"
                }

                module "vendor" {
                  source  = "terraform-aws-modules/vpc/aws"
                  version = "5.0.0"
                }

                resource "aws_s3_bucket" "data" {
                  bucket = "x"
                }
                """);
        Path net = Files.createDirectories(root.resolve("modules/net"));
        Files.writeString(net.resolve("variables.tf"), "variable \"cidr\" {}\n");
        Files.writeString(net.resolve("main.tf"), "resource \"aws_vpc\" \"this\" {\n}\n\nresource   \"aws_subnet\"   \"private\" {\n  count = 2\n}\n");
        Path plan = root.resolve("plan.json");
        String shown = "infra/plan.json";

        assertEquals(new Location("infra/main.tf", 13, "resource-block", null), locate(Source.Tool.TERRAFORM, plan, shown, "aws_s3_bucket.data"));
        assertEquals(new Location("infra/modules/net/main.tf", 4, "resource-block", null),
                locate(Source.Tool.TERRAFORM, plan, shown, "module.net.aws_subnet.private[1]"));
        assertEquals(new Location("infra/modules/net/main.tf", 1, "resource-block", null),
                locate(Source.Tool.TERRAFORM, plan, shown, "module.net[\"a.b\"].aws_vpc.this"));

        Location remote = locate(Source.Tool.TERRAFORM, plan, shown, "module.vendor.aws_vpc.this[0]");
        assertEquals("infra/main.tf", remote.file());
        assertEquals(8, remote.line());
        assertEquals("module-call", remote.basis());
        assertTrue(remote.note().contains("terraform-aws-modules/vpc/aws is not a local directory"), remote.note());

        Location missing = locate(Source.Tool.TERRAFORM, plan, shown, "module.net.aws_route_table.private");
        assertEquals(new Location("infra/modules/net/main.tf", 1, "module-file",
                "the module's file; no resource \"aws_route_table\" \"private\" block in infra/modules/net/*.tf"), missing);

        Location stack = locate(Source.Tool.TERRAFORM, plan, shown, "stack:infra");
        assertEquals("stack", stack.basis());
        assertEquals("infra/main.tf", stack.file());
    }

    @Test
    void withoutTfFilesThePlanItselfAndWhy() throws Exception {
        Path plan = tmp.resolve("plan.json");
        Location l = locate(Source.Tool.TERRAFORM, plan, "plans/plan.json", "aws_s3_bucket.data");
        assertEquals(new Location("plans/plan.json", 0, "plan-file",
                "the plan file; Terraform plan JSON has no line numbers and no .tf files are beside it"), l);
    }

    @Test
    void pulumiJavaResourcesByTheirLogicalName() {
        // The sovereign-de stack's own program: the Role is constructed with a literal name, instances with a computed one.
        Path project = Path.of("stacks/sovereign-de");
        Location role = locate(Source.Tool.PULUMI, project, "stacks/sovereign-de",
                "urn:pulumi:dev::sovereign-de::aws:iam/role:Role::gpu-instance-role");
        assertEquals("stacks/sovereign-de/src/main/java/stacks/sovereignde/App.java", role.file());
        assertEquals("resource-constructor", role.basis());
        assertTrue(line(role).contains("new Role(\"gpu-instance-role\""), line(role));

        Location instance = locate(Source.Tool.PULUMI, project, "stacks/sovereign-de",
                "urn:pulumi:dev::sovereign-de::aws:ec2/instance:Instance::gpu-0");
        assertEquals("type-constructor", instance.basis());
        assertTrue(line(instance).contains("new Instance(\"gpu-\" + i"), line(instance));
        assertTrue(instance.note().contains("the name gpu-0 is computed"), instance.note());

        Location preview = locate(Source.Tool.PULUMI, Path.of("examples/pulumi/gpu-training-eu/preview.json"),
                "examples/pulumi/gpu-training-eu/preview.json", "urn:pulumi:gpu-training-eu::gpu-training::aws:eks/nodeGroup:NodeGroup::gpu");
        assertEquals("plan-file", preview.basis());
        assertTrue(preview.note().contains("no Pulumi.yaml"), preview.note());
    }

    private static String line(Location l) {
        try {
            return Files.readAllLines(Path.of(l.file())).get(l.line() - 1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
