package dev.tollgate.pulumi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.pulumi.sdk.Wire;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs a stack's program under Pulumi's mocks through {@code MockPreview} on the loader's side, and reads back what
 * it recorded. Only JDK values cross the class-loader boundary; this class turns them into records.
 */
public final class MockRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MockRunner() {}

    public static ProgramRun run(ProgramLoader loader, PulumiProject project, StackConfig config) {
        var program = loader.entryPoint(project);
        var where = project.dir() + " (stack " + config.stack() + ")";
        var start = System.nanoTime();
        Map<String, Object> raw = invoke(loader, project, config, program, where);
        return read(raw, where, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * What {@code MockPreview.run} returned, as records; a failed program is an error naming {@code where}.
     */
    public static ProgramRun read(Map<String, Object> raw, String where, Duration elapsed) {
        var exceptions = list(raw.get(Wire.EXCEPTIONS)).stream().map(Throwable.class::cast).toList();
        var errors = strings(raw.get(Wire.ERRORS));
        var exit = (Integer) raw.get(Wire.EXIT_CODE);
        if (!exceptions.isEmpty()) {
            var cause = root(exceptions.get(0));
            throw new PulumiException(where + ": the program failed under mocks: " + describe(cause), cause);
        }
        if (exit != 0 || !errors.isEmpty()) {
            throw new PulumiException(where + ": the program failed under mocks (exit code " + exit + ")"
                    + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
        }

        var registrations = new ArrayList<Registration>();
        for (var item : list(raw.get(Wire.RESOURCES))) registrations.add(registration(map(item), where));
        var invokes = new ArrayList<ProgramRun.Invoke>();
        for (var item : list(raw.get(Wire.INVOKES))) {
            var m = map(item);
            invokes.add(new ProgramRun.Invoke((String) m.get(Wire.TOKEN), (String) m.get(Wire.PROVIDER),
                    JSON.valueToTree(m.get(Wire.ARGS))));
        }
        var outputs = new LinkedHashMap<String, ProgramRun.StackOutput>();
        map(raw.get(Wire.OUTPUTS)).forEach((name, item) -> {
            var m = map(item);
            outputs.put(name, new ProgramRun.StackOutput((Boolean) m.get(Wire.KNOWN), (Boolean) m.get(Wire.SECRET),
                    JSON.valueToTree(m.get(Wire.VALUE))));
        });
        return new ProgramRun(registrations, invokes, outputs, strings(raw.get(Wire.LOG)), elapsed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoke(ProgramLoader loader, PulumiProject project, StackConfig config,
                                              Method program, String where) {
        Method run;
        try {
            run = loader.sdk().loadClass(ProgramLoader.SDK_PACKAGE + "MockPreview")
                    .getMethod("run", String.class, String.class, Map.class, Set.class, Method.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new PulumiException(where + ": cannot load Tollgate's Pulumi runner against the stack's SDK: " + e, e);
        }
        try {
            return (Map<String, Object>) run.invoke(null, project.name(), config.stack(), config.values(),
                    config.secretKeys(), program);
        } catch (InvocationTargetException e) {
            var cause = root(e.getCause());
            throw new PulumiException(where + ": the program failed under mocks: " + describe(cause), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Registration registration(Map<String, Object> m, String where) {
        var operation = Wire.READ.equals(m.get(Wire.OPERATION)) ? Registration.Operation.READ : Registration.Operation.REGISTER;
        var propertyDependencies = new LinkedHashMap<String, List<String>>();
        map(m.get(Wire.PROPERTY_DEPENDENCIES)).forEach((k, v) -> propertyDependencies.put(k, strings(v)));
        var urn = (String) m.get(Wire.URN);
        if (urn == null) {
            throw new PulumiException(where + ": the engine never answered the registration of " + m.get(Wire.TYPE)
                    + " " + m.get(Wire.NAME));
        }
        JsonNode inputs;
        try {
            inputs = JSON.readTree((String) m.get(Wire.INPUTS));
        } catch (JsonProcessingException e) {
            throw new PulumiException(where + ": inputs of " + urn + " are not JSON: " + e.getOriginalMessage());
        }
        return new Registration(operation, (String) m.get(Wire.TYPE), (String) m.get(Wire.NAME), urn,
                (String) m.get(Wire.ID), (String) m.get(Wire.PARENT), (Boolean) m.get(Wire.CUSTOM),
                (String) m.get(Wire.PROVIDER), strings(m.get(Wire.DEPENDENCIES)), propertyDependencies, inputs,
                (Boolean) m.get(Wire.PROTECT), strings(m.get(Wire.IGNORE_CHANGES)), (String) m.get(Wire.PACKAGE_VERSION),
                strings(m.get(Wire.OUTPUT_PROPERTIES)));
    }

    /** Pulumi wraps program failures in completion and execution exceptions; the user wants the first real one. */
    static Throwable root(Throwable t) {
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof InvocationTargetException)) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable t) {
        var name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String.class::cast).toList();
    }
}
