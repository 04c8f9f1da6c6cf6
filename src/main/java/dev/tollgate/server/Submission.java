package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.facts.Usage;
import dev.tollgate.facts.UsageException;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanFormatException;
import dev.tollgate.plan.PlanReader;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plan to decide on, as a request brought it: {@code POST /v1/evaluate} takes a bare plan in any format the readers
 * know or {@code {"plan", "stack", "baseline", "usage"}}; {@code POST /v1/admission} takes a PlanReview envelope.
 *
 * @param stack          the stack the request names, or null to use the plan's own name (Pulumi) or the config's
 * @param requestSha256  SHA-256 of the plan's canonical JSON as sent (admission only: tells a retry from a reused uid)
 */
public record Submission(Plan plan, String stack, Plan baseline, String baselineName, Usage usage, String requestSha256) {

    public static final String API_VERSION = "tollgate.dev/v1";
    public static final String KIND = "PlanReview";

    /** The admission envelope's request, with the uid it is decided once under. */
    public record Admission(String uid, Submission submission) {}

    /** Every format the plan readers recognise, for 415 answers. */
    public static final List<String> FORMATS = splitFormats(PlanReader.FORMATS);

    static Submission evaluate(byte[] body, String contentType, String stackParam) {
        requireJson(contentType);
        try {
            // Most requests are a bare plan: streamed by the reader in one pass, never held as a tree.
            Plan plan = PlanReader.read(new ByteArrayInputStream(body), "request");
            return new Submission(plan, stackName(stackParam, "stack"), null, null, Usage.none(), null);
        } catch (PlanFormatException e) {
            // Not a plan: an envelope, or malformed JSON (this scan names the JSON path where it broke).
            if (!RequestJson.topLevelKeys(body).contains("plan")) throw rejected(e);
        }
        JsonNode root = RequestJson.parse(body);
        only(root, "$", "plan", "stack", "baseline", "usage");
        String stack = text(root, "stack", "$");
        if (stack != null && stackParam != null && !stack.equals(stackParam)) {
            throw ApiError.badRequest("$.stack: '" + stack + "' contradicts ?stack=" + stackParam);
        }
        return body(root, "$", stack != null ? stack : stackName(stackParam, "stack"), false);
    }

    static Admission admission(byte[] body, String contentType) {
        requireJson(contentType);
        JsonNode root = RequestJson.parse(body);
        if (!root.isObject()) throw ApiError.badRequest("$: expected a PlanReview object, found " + kind(root));
        only(root, "$", "apiVersion", "kind", "request");
        if (!API_VERSION.equals(text(root, "apiVersion", "$"))) {
            throw ApiError.badRequest("$.apiVersion: must be \"" + API_VERSION + "\"");
        }
        if (!KIND.equals(text(root, "kind", "$"))) throw ApiError.badRequest("$.kind: must be \"" + KIND + "\"");
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) throw ApiError.badRequest("$.request: required object with uid, stack and plan");
        only(request, "$.request", "uid", "stack", "plan", "baseline", "usage");
        String uid = text(request, "uid", "$.request");
        if (uid == null || uid.isBlank() || uid.length() > 200) {
            throw ApiError.badRequest("$.request.uid: required, 1 to 200 characters");
        }
        String stack = stackName(text(request, "stack", "$.request"), "$.request.stack");
        return new Admission(uid, body(request, "$.request", stack, true));
    }

    private static Submission body(JsonNode node, String at, String stack, boolean hash) {
        JsonNode planNode = node.get("plan");
        if (planNode == null || !planNode.isObject()) throw ApiError.badRequest(at + ".plan: required: a plan document (object)");
        Plan plan = plan(() -> PlanReader.read(planNode, at + ".plan"));
        Plan baseline = null;
        JsonNode baseNode = node.get("baseline");
        if (baseNode != null && !baseNode.isNull()) {
            if (!baseNode.isObject()) throw ApiError.badRequest(at + ".baseline: must be a plan document (object)");
            baseline = plan(() -> PlanReader.read(baseNode, at + ".baseline"));
        }
        Usage usage = Usage.none();
        JsonNode usageNode = node.get("usage");
        if (usageNode != null && !usageNode.isNull()) {
            if (!usageNode.isObject() && !usageNode.isTextual()) {
                throw ApiError.badRequest(at + ".usage: must be a usage document (object) or its YAML text");
            }
            String text = usageNode.isTextual() ? usageNode.asText() : usageNode.toString();
            try {
                usage = Usage.parse(at + ".usage", text);
            } catch (UsageException e) {
                throw ApiError.unprocessable(e.getMessage());
            }
        }
        return new Submission(plan, stack, baseline, baseline == null ? null : at + ".baseline", usage,
                hash ? RequestJson.sha256(planNode) : null);
    }

    private static Plan plan(java.util.function.Supplier<Plan> read) {
        try {
            return read.get();
        } catch (PlanFormatException e) {
            throw rejected(e);
        }
    }

    /** Malformed JSON is 400, a document no reader recognises 415, a recognised plan with bad content 422. */
    private static ApiError rejected(PlanFormatException e) {
        String problem = e.problem();
        if (problem.startsWith("malformed JSON")) return ApiError.badRequest(e.getMessage());
        if (problem.startsWith("unknown plan format") || problem.startsWith("empty file")) {
            return ApiError.unsupported(e.getMessage(), FORMATS);
        }
        return ApiError.unprocessable(e.getMessage());
    }

    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) return;
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json") || type.equals("text/json")) return;
        // What curl sends for --data-binary without -H: the bytes are still the JSON document the user gave.
        if (type.equals("application/x-www-form-urlencoded")) return;
        throw ApiError.unsupported("Content-Type " + type + " is not JSON; plans are JSON documents in one of the known formats", FORMATS);
    }

    private static String stackName(String stack, String field) {
        if (stack == null) return null;
        if (stack.isBlank() || stack.length() > 200 || stack.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest(field + ": a stack name is 1 to 200 printable characters");
        }
        return stack;
    }

    private static void only(JsonNode node, String at, String... fields) {
        Set<String> known = Set.of(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw ApiError.badRequest(at + "." + name + ": unknown field (known: " + String.join(", ", fields) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.badRequest(at + "." + field + ": must be a string, found " + kind(v));
        return v.asText();
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Splits the readers' list at top-level commas (the descriptions have commas inside parentheses). */
    private static List<String> splitFormats(String all) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : all.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString().strip());
        return List.copyOf(out);
    }
}
