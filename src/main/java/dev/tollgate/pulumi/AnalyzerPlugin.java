package dev.tollgate.pulumi;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts Tollgate's analyzer gRPC server ({@code AnalyzerServer}) inside a loader that holds the Pulumi SDK, the
 * policy pack's own classpath, so tollgate.jar needs no gRPC of its own.
 */
public final class AnalyzerPlugin {
    private AnalyzerPlugin() {}

    /** A running server: its port, and how to stop it or wait for it to stop. */
    public record Running(int port, Runnable stop, Runnable await) {}

    public static Running start(ProgramLoader loader, AnalyzerHandler handler) {
        try {
            var start = loader.sdk().loadClass(ProgramLoader.SDK_PACKAGE + "AnalyzerServer")
                    .getMethod("start", Map.class, Function.class);
            @SuppressWarnings("unchecked")
            var handle = (Map<String, Object>) start.invoke(null, handler.info(), handler);
            return new Running((Integer) handle.get("port"), (Runnable) handle.get("stop"), (Runnable) handle.get("await"));
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new PulumiException("cannot load the analyzer server against the pack's Pulumi SDK: " + e, e);
        } catch (InvocationTargetException e) {
            throw new PulumiException("the analyzer server did not start: " + MockRunner.describe(MockRunner.root(e.getCause())), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
