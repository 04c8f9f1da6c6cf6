package dev.tollgate.rego.builtin.template;

import java.util.List;

/** The parse tree of a template. */
sealed interface Node {
    record Text(String text) implements Node {}

    /** Prints its pipeline unless the pipeline declares or assigns variables. */
    record Action(Pipeline pipe) implements Node {}

    record If(Pipeline cond, List<Node> then, List<Node> otherwise) implements Node {}

    record Range(Pipeline over, List<Node> body, List<Node> otherwise) implements Node {}

    record With(Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

    record Break(int line) implements Node {}

    record Continue(int line) implements Node {}

    /** [$x[, $y] (:= | =)] command | command ...; a command is a list of operands, a function call when the first is a name. */
    record Pipeline(List<String> vars, boolean assign, List<List<Arg>> commands, int line) {}

    /** An operand of a command. */
    sealed interface Arg {
        /** .a.b: fields of dot. */
        record Field(List<String> names) implements Arg {}

        /** $x.a.b */
        record Var(String name, List<String> fields) implements Arg {}

        record Dot() implements Arg {}

        record Literal(Object value) implements Arg {}

        /** A function name. */
        record Ident(String name) implements Arg {}

        /** (pipeline).a.b */
        record Sub(Pipeline pipe, List<String> fields) implements Arg {}
    }
}
