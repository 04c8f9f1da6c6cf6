package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * strings.render_template: the part of Go's text/template that policies use. Actions print pipelines
 * ({@code {{.a.b}}}, {@code {{$x}}}, {@code {{printf "%d" .n}}}); control structures are if/else if/else, range
 * (with index and element variables, break and continue), with, and variable declarations; functions are
 * and, or, not, len, index, eq, ne, lt, le, gt, ge, print, printf and println; {@code {{-}}} trims space and
 * {@code {{/* *}/}} comments are dropped.
 *
 * <p>Values are the template variables as OPA hands them to Go, decoded from JSON: numbers stay their JSON text
 * (a string to Go, so {@code {{if .zero}}} is true), objects are maps printed {@code map[k:v]}, arrays {@code [a b]}.
 * A key the variables lack renders as {@code <undefined>}, as OPA's conformance cases expect.
 */
public final class GoTemplate {
    private static final String FN = "strings.render_template";
    private static final int CACHE_LIMIT = 200;
    private static final Map<String, List<Node>> PARSED = new ConcurrentHashMap<>();

    private GoTemplate() {}

    /** The template rendered over the variables; parsed templates are cached. */
    public static String render(String template, Value.Obj vars) {
        List<Node> nodes = PARSED.get(template);
        if (nodes == null) {
            nodes = new Parser(new Lexer(template).lex()).parseAll();
            if (PARSED.size() >= CACHE_LIMIT) PARSED.clear();
            PARSED.put(template, nodes);
        }
        StringBuilder out = new StringBuilder();
        Exec exec = new Exec(out, GoValues.toGo(vars));
        exec.run(nodes, exec.root);
        return out.toString();
    }

    /** A template error, worded as Go's: "template: template:LINE: ...". */
    static RegoError error(String message) {
        return RegoError.builtin(FN, "template: template:" + message);
    }
}
