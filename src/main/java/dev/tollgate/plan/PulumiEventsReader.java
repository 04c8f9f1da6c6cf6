package dev.tollgate.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The Pulumi engine-event stream ({@code --event-log}, {@code pulumi preview --json} in newer CLIs, the Automation
 * API): one JSON object per line. Resource events carry the step's op, URN and old/new state; the prelude carries
 * the stack config. Read as a stream, one event at a time.
 */
final class PulumiEventsReader {
    private PulumiEventsReader() {}

    private static final Set<String> EVENTS = Set.of("preludeEvent", "resourcePreEvent", "resOutputsEvent",
            "resOpFailedEvent", "diagnosticEvent", "stdoutEvent", "summaryEvent", "cancelEvent", "policyEvent",
            "policyRemediationEvent", "policyLoadEvent", "policyAnalyzeSummaryEvent", "startDebuggingEvent",
            "progressEvent", "errorEvent");

    static boolean isEvent(Set<String> keys) {
        for (String k : keys) if (EVENTS.contains(k)) return true;
        return false;
    }

    /**
     * @param first     the first event, already read
     * @param firstLine its line number
     * @param p         the parser, positioned on the token after the first event (null token: no more events)
     */
    static Plan read(String file, JsonNode first, int firstLine, JsonParser p) throws IOException {
        State state = new State(file);
        state.accept(new Json(file, "line " + firstLine + ": $", first));
        for (JsonToken t = p.currentToken(); t != null; t = p.nextToken()) {
            int line = p.currentTokenLocation().getLineNr();
            JsonNode event = p.readValueAsTree();
            Json json = new Json(file, "line " + line + ": $", event);
            json.requireObject();
            if (!isEvent(fieldNames(event)) && !event.has("sequence")) throw json.error("not a Pulumi engine event");
            state.accept(json);
        }
        return state.build();
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static final class State {
        private final String file;
        private Map<String, JsonNode> config = Map.of();
        private final java.util.List<PulumiPlanBuilder.Step> steps = new java.util.ArrayList<>();
        private final java.util.List<Plan.Note> notes = new java.util.ArrayList<>();
        private boolean preview;

        State(String file) {
            this.file = file;
        }

        void accept(Json event) {
            if (event.has("preludeEvent")) {
                config = PulumiReader.config(event.obj("preludeEvent").optObj("config"));
            }
            for (String kind : new String[]{"resourcePreEvent", "resOutputsEvent"}) {
                if (!event.has(kind)) continue;
                Json e = event.obj(kind);
                if (e.optBool("planning", false)) preview = true;
                Json m = e.obj("metadata");
                steps.add(PulumiReader.step(m.text("urn"), PulumiReader.action(m.get("op")), m.optObj("old"), m.optObj("new"),
                        m.optText("provider")));
            }
            if (event.has("resOpFailedEvent")) {
                Json m = event.obj("resOpFailedEvent").obj("metadata");
                notes.add(new Plan.Note(Plan.Note.Severity.WARNING, m.text("urn"), m.text("op") + " failed"));
            }
            if (event.has("diagnosticEvent")) notes.add(PulumiReader.diagnostic(event.obj("diagnosticEvent")));
            if (event.has("policyEvent")) {
                Json e = event.obj("policyEvent");
                notes.add(new Plan.Note(Plan.Note.Severity.WARNING, PulumiReader.blankToNull(e.optText("resourceUrn")),
                        "policy " + e.optText("policyName") + " (" + e.optText("enforcementLevel") + "): " + e.optText("message")));
            }
            if (event.has("summaryEvent") && event.obj("summaryEvent").optBool("isPreview", false)) preview = true;
        }

        Plan build() {
            PulumiPlanBuilder b = new PulumiPlanBuilder(new Source(Source.Tool.PULUMI, Source.Format.PULUMI_EVENTS, null, null, file), config);
            steps.forEach(b::add);
            notes.forEach(b::note);
            if (!preview && !steps.isEmpty()) {
                b.note(new Plan.Note(Plan.Note.Severity.INFO, null, "these events record an update that already ran, not a preview"));
            }
            return b.build();
        }
    }
}
