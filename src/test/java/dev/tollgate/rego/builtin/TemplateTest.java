package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertErrorContains;
import static dev.tollgate.rego.builtin.Calls.assertText;
import static dev.tollgate.rego.builtin.Calls.q;

/** strings.render_template: the text/template subset, with values as Go sees them after OPA's JSON round trip. */
class TemplateTest {

    private static void render(String expected, String template, String vars) {
        assertText(expected, "strings.render_template", q(template), vars);
    }

    @Test
    void fieldsAndValues() {
        render("hello world", "{{.test}}", "{\"test\": \"hello world\"}");
        render("2023 1.50 true", "{{.i}} {{.f}} {{.b}}", "{\"i\": 2023, \"f\": 1.50, \"b\": true}");
        render("eu-west", "{{.region.name}}", "{\"region\": {\"name\": \"eu-west\"}}");
        render("[a b] map[x:1 y:[2 3]] <nil>", "{{.l}} {{.m}} {{.n}}", "{\"l\": [\"a\", \"b\"], \"m\": {\"y\": [2, 3], \"x\": 1}, \"n\": null}");
        render("test <undefined> <undefined> 1", "test {{.foo}} {{.bar}} {{.baz}}", "{\"baz\": 1}");
    }

    @Test
    void controlStructures() {
        render("hello rohan,hello john doe", "{{range $i, $name := .names}}{{if $i}},{{end}}hello {{$name}}{{end}}",
                "{\"names\": [\"rohan\", \"john doe\"]}");
        render("a=1;b=2;", "{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", "{\"m\": {\"b\": 2, \"a\": 1}}");
        render("none", "{{range .l}}x{{else}}none{{end}}", "{\"l\": []}");
        render("big", "{{if gt (len .l) 2}}big{{else if eq (len .l) 0}}empty{{else}}small{{end}}", "{\"l\": [1, 2, 3]}");
        render("empty", "{{if gt (len .l) 2}}big{{else if eq (len .l) 0}}empty{{else}}small{{end}}", "{\"l\": []}");
        render("ab", "{{range .l}}{{if eq . \"c\"}}{{break}}{{end}}{{.}}{{end}}", "{\"l\": [\"a\", \"b\", \"c\", \"d\"]}");
        render("GPU: a100", "{{with .gpu}}GPU: {{.model}}{{end}}", "{\"gpu\": {\"model\": \"a100\"}}");
        render("x=3", "{{$x := len .l}}x={{$x}}", "{\"l\": [1, 2, 3]}");
    }

    @Test
    void numbersAreJsonTextSoZeroIsTrue() {
        // OPA hands numbers to Go as json.Number, a non-empty string.
        render("yes", "{{if .n}}yes{{else}}no{{end}}", "{\"n\": 0}");
        render("no", "{{if .b}}yes{{else}}no{{end}}", "{\"b\": false}");
    }

    @Test
    void functionsAndTrimming() {
        render("cost: 00042 USD", "cost: {{printf \"%05s\" .c}} {{.cur}}", "{\"c\": \"42\", \"cur\": \"USD\"}");
        render("3", "{{- \"abc\" | len -}}", "{}");
        // fmt.Sprint puts spaces only between operands that are both non-strings.
        render("a1 2", "{{print .s 1 2}}", "{\"s\": \"a\"}");
        render("true false", "{{and .a .b | not | not}} {{or .z .z}}", "{\"a\": true, \"b\": true, \"z\": false}");
        render("second", "{{index .l 1}}", "{\"l\": [\"first\", \"second\"]}");
    }

    @Test
    void trimMarkersAndComments() {
        render("a  ,b", "{{.x}}  ,  {{- .y}}", "{\"x\": \"a\", \"y\": \"b\"}");
        render("a b", "{{.x}} {{/* a comment */}}\n  {{- .y}}", "{\"x\": \"a\", \"y\": \"b\"}");
        render("a b", "{{.x}} {{.y -}}  \n", "{\"x\": \"a\", \"y\": \"b\"}");
    }

    @Test
    void errorsNameTheProblem() {
        // OPA passes the variables to Go as JSON text, which has no sets.
        assertErrorContains("sets cannot be passed to a template", "strings.render_template", q("{{.s}}"), "{\"s\": {1}}");
        assertErrorContains("function \"nope\" not defined", "strings.render_template", q("{{nope .x}}"), "{}");
        assertErrorContains("unclosed action", "strings.render_template", q("{{.x"), "{}");
        assertErrorContains("unexpected EOF", "strings.render_template", q("{{if .x}}"), "{}");
        assertErrorContains("can't evaluate field y in type string", "strings.render_template", q("{{.x.y}}"), "{\"x\": \"s\"}");
    }
}
