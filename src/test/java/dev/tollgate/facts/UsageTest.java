package dev.tollgate.facts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageTest {

    private static final String YAML = """
            version: 0.1
            defaults:
              utilization: 0.7
              monthly_hours: 700
            resource_usage:
              aws_eks_node_group.gpu:
                nodes: 4
              "module.train.*":
                monthly_hours: 400
                storage_gb: 10
              "module.*":
                storage_gb: 20
                monthly_egress_gb: 5
            """;

    @Test
    void exactEntryThenFirstPatternThenDefaultsThenBuiltIn() {
        Usage u = Usage.parse("usage.yml", YAML);
        Usage.Entry exact = u.forAddress("aws_eks_node_group.gpu");
        assertEquals(4.0, exact.get(UsageKey.NODES).orElseThrow().number());
        assertEquals(700.0, exact.get(UsageKey.MONTHLY_HOURS).orElseThrow().number());
        assertEquals("usage defaults", exact.get(UsageKey.MONTHLY_HOURS).orElseThrow().origin());

        Usage.Entry pattern = u.forAddress("module.train.aws_s3_bucket.ckpt");
        assertEquals(400.0, pattern.get(UsageKey.MONTHLY_HOURS).orElseThrow().number());
        assertEquals(10.0, pattern.get(UsageKey.STORAGE_GB).orElseThrow().number());
        assertEquals(5.0, pattern.get(UsageKey.MONTHLY_EGRESS_GB).orElseThrow().number());
        assertEquals("usage entry 'module.*'", pattern.get(UsageKey.MONTHLY_EGRESS_GB).orElseThrow().origin());

        Usage.Entry none = Usage.none().forAddress("x");
        assertEquals(730.0, none.get(UsageKey.MONTHLY_HOURS).orElseThrow().number());
        assertTrue(none.get(UsageKey.MONTHLY_HOURS).orElseThrow().builtIn());
        assertTrue(none.get(UsageKey.NODES).isEmpty());
    }

    @Test
    void badUsageFilesNameTheFileAndKey() {
        assertEquals("usage.yml: resource_usage.aws_instance.a.node_count: unknown usage key (known: " + UsageKey.ids() + ")",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "resource_usage:\n  aws_instance.a:\n    node_count: 3\n")).getMessage());
        assertEquals("usage.yml: resource_usage.aws_instance.a.storage_gb: must not be negative",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "resource_usage:\n  aws_instance.a:\n    storage_gb: -1\n")).getMessage());
        assertEquals("usage.yml: defaults.monthly_hours: a month has at most 744 hours",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "defaults:\n  monthly_hours: 800\n")).getMessage());
        assertEquals("usage.yml: defaults.price_model: unknown price model 'reserved' (known: " + PriceModel.ids() + ")",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "defaults:\n  price_model: reserved\n")).getMessage());
        assertEquals("usage.yml: defaults.nodes: must be a whole number",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "defaults:\n  nodes: 2.5\n")).getMessage());
        assertEquals("usage.yml: unknown top-level key 'usage' (expected version, defaults, resource_usage)",
                assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "usage: {}\n")).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> Usage.parse("usage.yml", "defaults: [\n")).getMessage().startsWith("usage.yml: not valid YAML"));
    }

    @Test
    void globMatchesAnyRunOfCharacters() {
        assertTrue(Glob.matches("aws_instance.web[*]", "aws_instance.web[3]"));
        assertTrue(Glob.matches("module.*.aws_s3_bucket.*", "module.a.b.aws_s3_bucket.logs"));
        assertTrue(Glob.matches("*", ""));
        assertTrue(!Glob.matches("aws_instance.web[*]", "aws_instance.api[3]"));
        assertTrue(!Glob.matches("p5*", "xp5"));
    }
}
