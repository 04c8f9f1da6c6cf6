package dev.tollgate.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint: method, path as OpenAPI writes it ({@code /v1/decisions/{id}}), and its handler (which checks the
 * credentials it needs). The route table is the one list both the server and the OpenAPI check read.
 *
 * @param greedy the last path parameter spans slashes ({@code /v1/data/{path}} covers {@code /v1/data/a/b/c})
 */
record Route(HandlerType method, String path, boolean greedy, Handler handler) {

    /** The path in Javalin's syntax: {@code {name}} for one segment, {@code <name>} for the rest of the path. */
    String javalinPath() {
        if (!greedy) return path;
        int open = path.lastIndexOf('{');
        return path.substring(0, open) + "<" + path.substring(open + 1, path.length() - 1) + ">";
    }
}
