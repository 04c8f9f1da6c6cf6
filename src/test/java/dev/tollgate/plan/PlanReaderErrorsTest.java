package dev.tollgate.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is refused with the file and the place in it named; never half-read. */
class PlanReaderErrorsTest {

    private static PlanFormatException fail(String name, String content) {
        return assertThrows(PlanFormatException.class,
                () -> PlanReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), name));
    }

    private static String example() throws IOException {
        return Files.readString(Examples.TRAINING_EU);
    }

    @Test
    void truncatedFileGivesLineAndColumn() throws IOException {
        String whole = example();
        String truncated = whole.substring(0, whole.length() / 2);
        PlanFormatException e = fail("plan.json", truncated);
        assertTrue(e.where().matches("line \\d+, column \\d+"), e.where());
        assertTrue(e.getMessage().startsWith("plan.json: line "), e.getMessage());
        assertTrue(e.problem().startsWith("malformed JSON: "), e.problem());
        assertTrue(!e.getMessage().contains("Source:") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void wrongTypeAtAPathIsNamed() throws IOException {
        // The fourth resource change gets a string where Terraform writes an array of actions.
        String doc = example();
        int at = nthIndexOf(doc, "\"actions\": [", 4);
        int end = doc.indexOf(']', at);
        String broken = doc.substring(0, at) + "\"actions\": \"create\"" + doc.substring(end + 1);
        PlanFormatException e = fail("plan.json", broken);
        assertEquals("plan.json: $.resource_changes[3].change.actions: expected array, found string", e.getMessage());
    }

    @Test
    void missingMemberAndUnknownActionAreNamed() {
        String noType = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"mode\":\"managed\",\"name\":\"b\","
                + "\"change\":{\"actions\":[\"create\"]}}]}";
        assertEquals("p.json: $.resource_changes[0].type: missing (expected string)", fail("p.json", noType).getMessage());
        String oddAction = noType.replace("\"name\":\"b\"", "\"name\":\"b\",\"type\":\"a\"").replace("[\"create\"]", "[\"create\",\"update\"]");
        assertEquals("p.json: $.resource_changes[0].change.actions: unknown actions [create,update]", fail("p.json", oddAction).getMessage());
        String badMode = noType.replace("\"managed\"", "\"ephemeral\"").replace("\"name\":\"b\"", "\"name\":\"b\",\"type\":\"a\"");
        assertTrue(fail("p.json", badMode).getMessage().startsWith("p.json: $.resource_changes[0].mode: expected \"managed\" or \"data\""));
        String badMask = noType.replace("\"name\":\"b\"", "\"name\":\"b\",\"type\":\"a\"")
                .replace("{\"actions\":[\"create\"]}", "{\"actions\":[\"create\"],\"after_unknown\":{\"tags\":{\"x\":\"yes\"}}}");
        assertEquals("p.json: $.resource_changes[0].change.after_unknown.tags.x: expected boolean, object or array, found string",
                fail("p.json", badMask).getMessage());
        String notArray = "{\"format_version\":\"1.2\",\"resource_changes\":{}}";
        assertEquals("p.json: $.resource_changes: expected array, found object", fail("p.json", notArray).getMessage());
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        PlanFormatException e = fail("thing.json", "{\"hello\": \"world\"}");
        assertTrue(e.getMessage().contains("unknown plan format"), e.getMessage());
        for (String f : new String[]{"Terraform plan JSON", "Terraform state JSON", "Pulumi preview", "Pulumi stack export",
                "Pulumi engine events", "Pulumi update plan", "Tollgate plan JSON"}) {
            assertTrue(e.getMessage().contains(f), f);
        }
        assertTrue(fail("a.json", "[1, 2]").getMessage().contains("a JSON array"));
        assertTrue(fail("n.json", "42").getMessage().contains("unknown plan format"));
        assertTrue(fail("t.tfstate", "{\"version\":4,\"serial\":3,\"lineage\":\"x\",\"resources\":[]}")
                .getMessage().contains("raw terraform.tfstate"));
    }

    @Test
    void emptyFileAndBlankFile() {
        assertTrue(fail("empty.json", "").getMessage().startsWith("empty.json: empty file"));
        assertTrue(fail("blank.json", "  \n\t\n").getMessage().startsWith("blank.json: empty file"));
    }

    @Test
    void trailingGarbageIsNotIgnored() throws IOException {
        PlanFormatException e = fail("plan.json", example() + "\n}");
        assertTrue(e.where().startsWith("line "), e.getMessage());
        PlanFormatException twoDocs = fail("plan.json", example() + "\n" + example());
        assertTrue(twoDocs.getMessage().contains("unexpected content after the end of the document"), twoDocs.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        PlanFormatException e = assertThrows(PlanFormatException.class, () -> PlanReader.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void badPulumiEventNamesItsLine() {
        String events = "{\"sequence\":1,\"timestamp\":1,\"preludeEvent\":{\"config\":{}}}\n"
                + "{\"sequence\":2,\"timestamp\":1,\"resourcePreEvent\":{\"metadata\":{\"op\":\"explode\",\"urn\":\"urn:pulumi:s::p::t:m:T::n\",\"type\":\"t:m:T\"}}}\n";
        PlanFormatException e = fail("events.jsonl", events);
        assertEquals("events.jsonl: line 2: $.resourcePreEvent.metadata.op: unknown Pulumi operation \"explode\"", e.getMessage());
        String notAnEvent = "{\"sequence\":1,\"timestamp\":1,\"preludeEvent\":{\"config\":{}}}\n{\"hello\":1}\n";
        assertEquals("events.jsonl: line 2: $: not a Pulumi engine event", fail("events.jsonl", notAnEvent).getMessage());
    }

    @Test
    void badPulumiPreviewStep() {
        PlanFormatException e = fail("preview.json", "{\"steps\":[{\"op\":\"create\"}]}");
        assertEquals("preview.json: $.steps[0].urn: missing (expected string)", e.getMessage());
    }

    @Test
    void standardInputIsCalledDash() {
        PlanFormatException e = fail("-", "{");
        assertTrue(e.getMessage().startsWith("-: line 1, column "), e.getMessage());
    }

    private static int nthIndexOf(String s, String what, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) at = s.indexOf(what, at + 1);
        assertTrue(at >= 0);
        return at;
    }
}
