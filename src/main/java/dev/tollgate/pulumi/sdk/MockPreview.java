package dev.tollgate.pulumi.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.pulumi.Context;
import com.pulumi.Log;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs a Pulumi program the way {@code pulumi preview} would, without an engine: under Pulumi's test mocks, with the
 * stack's config, recording every resource registration as the engine would receive it.
 *
 * <p>This is the one class on Pulumi's {@code @InternalUse} API. The public {@code PulumiTest} starts with empty
 * config and hides parents, dependencies and providers; {@code PulumiTestInternal} takes config, and a
 * {@link MockMonitor} subclass sees each {@link RegisterResourceRequest} whole.
 *
 * <p>The mocks answer like a provider previewing a new stack: no id, each output equal to the input of the same
 * name, and every other output the resource type declares unknown. So whatever the program derives from an id or a
 * computed attribute (an ARN, a generated name) stays unknown, and still counts as a dependency, as in a real
 * preview. Invokes cannot be answered without a cloud; they get an empty result and are reported.
 */
public final class MockPreview {
    private MockPreview() {}

    /**
     * @param program a {@code public static void m(com.pulumi.Context)} method of the stack
     * @return JDK values under the keys of {@link Wire}
     */
    public static Map<String, Object> run(String project, String stack, Map<String, String> config,
                                          Set<String> secretKeys, Method program) {
        return run(project, stack, config, secretKeys, asConsumer(program));
    }

    /** The same for a program at hand, as {@link TollgateGate} has it. */
    public static Map<String, Object> run(String project, String stack, Map<String, String> config,
                                          Set<String> secretKeys, Consumer<Context> program) {
        var recorder = new Recorder();
        var logger = quietLogger(recorder);
        var log = PulumiTestInternal.mockLog(logger);
        Mocks mocks = new PreviewMocks(recorder);

        var thread = Thread.currentThread();
        var callerLoader = thread.getContextClassLoader();
        // Pulumi looks up resource and output types through the context class loader: make it the stack's.
        thread.setContextClassLoader(MockPreview.class.getClassLoader());
        try {
            var test = PulumiTestInternal.builder()
                    .options(TestOptions.builder().projectName(project).stackName(stack).preview(true)
                            .resourceTransformations(List.of(recorder::constructed)).build())
                    .config(config, secretKeys)
                    .mocks(mocks)
                    .standardLogger(logger)
                    .monitorDecorator(ignored -> new RecordingMonitor(mocks, log, recorder))
                    .build();
            TestResult result = test.runTest(program);

            var out = new LinkedHashMap<String, Object>();
            out.put(Wire.RESOURCES, recorder.resources());
            out.put(Wire.INVOKES, List.copyOf(recorder.invokes));
            out.put(Wire.OUTPUTS, outputs(result));
            out.put(Wire.EXIT_CODE, result.exitCode());
            out.put(Wire.ERRORS, List.copyOf(result.errors()));
            out.put(Wire.EXCEPTIONS, List.<Throwable>copyOf(result.exceptions()));
            out.put(Wire.LOG, List.copyOf(recorder.log));
            return out;
        } finally {
            PulumiTestInternal.cleanup();
            thread.setContextClassLoader(callerLoader);
        }
    }

    private static Consumer<Context> asConsumer(Method program) {
        return ctx -> {
            try {
                program.invoke(null, ctx);
            } catch (InvocationTargetException e) {
                var cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + program + ": " + e.getMessage(), e);
            }
        };
    }

    private static Map<String, Object> outputs(TestResult result) {
        var out = new LinkedHashMap<String, Object>();
        result.outputs().forEach((name, output) -> {
            var data = PulumiTestInternal.extractOutputData(output);
            var entry = new LinkedHashMap<String, Object>();
            entry.put(Wire.KNOWN, data.isKnown());
            entry.put(Wire.SECRET, data.isSecret());
            entry.put(Wire.VALUE, plain(data.getValueNullable()));
            out.put(name, entry);
        });
        return out;
    }

    /** Output values as JDK values; anything else (a resource, an asset) by its string form. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) return value;
        if (value instanceof Optional<?> o) return plain(o.orElse(null));
        if (value instanceof List<?> list) {
            var out = new ArrayList<Object>();
            for (var item : list) out.add(plain(item));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        return String.valueOf(value);
    }

    /** Pulumi's log goes nowhere on the console; warnings and errors are kept for the plan's notes. */
    private static Logger quietLogger(Recorder recorder) {
        var logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.WARNING);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    recorder.log.add(record.getLevel() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return logger;
    }

    /** The output properties a resource type declares ({@code @Export} fields), which a provider would fill in. */
    static List<String> outputProperties(Class<?> type) {
        var found = new java.util.TreeSet<String>();
        for (var c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (var field : c.getDeclaredFields()) {
                var export = field.getAnnotation(Export.class);
                if (export != null) found.add(export.name());
            }
        }
        found.remove("id");
        found.remove("urn");
        return List.copyOf(found);
    }

    private static String json(Struct struct) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print resource inputs as JSON: " + e.getMessage(), e);
        }
    }

    /** Collects what the program sends, in the order it sends it. */
    private static final class Recorder {
        private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
        /** Output properties by resource type, noted by the monitor for the mocks, which only see the type token. */
        private final Map<String, List<String>> outputs = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Map<String, Object>> invokes = Collections.synchronizedList(new ArrayList<>());
        private final List<String> log = Collections.synchronizedList(new ArrayList<>());

        /** Construction order: the SDK registers asynchronously, so arrival order varies from run to run. */
        private final Map<Resource, Integer> order = Collections.synchronizedMap(new java.util.IdentityHashMap<>());

        private record Entry(int order, Map<String, Object> fields, CompletableFuture<String> urn) {}

        /** A stack transformation: runs inside each resource's constructor, so in program order. Changes nothing. */
        Optional<ResourceTransformation.Result> constructed(ResourceTransformation.Args args) {
            synchronized (order) {
                order.putIfAbsent(args.resource(), order.size());
            }
            return Optional.empty();
        }

        void add(Resource resource, Map<String, Object> fields, CompletableFuture<String> urn) {
            // The stack itself is made before any transformation can see it.
            entries.add(new Entry(order.getOrDefault(resource, -1), fields, urn));
        }

        List<Map<String, Object>> resources() {
            synchronized (entries) {
                var out = new ArrayList<Map<String, Object>>();
                var sorted = new ArrayList<>(entries);
                sorted.sort(java.util.Comparator.comparingInt(Entry::order));
                for (var entry : sorted) {
                    var fields = new LinkedHashMap<>(entry.fields());
                    // A registration the engine never answered (the program failed first) has no URN.
                    fields.put(Wire.URN, entry.urn().isDone() && !entry.urn().isCompletedExceptionally()
                            ? entry.urn().join() : null);
                    out.add(fields);
                }
                return out;
            }
        }
    }

    /** What a provider answers for a value it will only know after the update. */
    private static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private static final class PreviewMocks implements Mocks {
        private final Recorder recorder;

        PreviewMocks(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            // A read names its id; a new resource has none until it is created.
            var id = args.id == null || args.id.isEmpty() ? Optional.<String>empty() : Optional.of(args.id);
            var state = new LinkedHashMap<String, Object>(args.inputs);
            for (var name : recorder.outputs.getOrDefault(args.type, List.of())) {
                // Unknown inputs are missing from args.inputs, so their outputs become unknown too.
                state.putIfAbsent(name, UNKNOWN);
            }
            return CompletableFuture.completedFuture(ResourceResult.of(id, state));
        }

        @Override
        public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
            var invoke = new LinkedHashMap<String, Object>();
            invoke.put(Wire.TOKEN, args.token);
            invoke.put(Wire.PROVIDER, args.provider);
            invoke.put(Wire.ARGS, plain(args.args));
            recorder.invokes.add(invoke);
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    private static final class RecordingMonitor extends MockMonitor {
        private final Recorder recorder;

        RecordingMonitor(Mocks mocks, Log log, Recorder recorder) {
            super(mocks, log);
            this.recorder = recorder;
        }

        @Override
        public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put(Wire.OPERATION, Wire.REGISTER);
            fields.put(Wire.TYPE, request.getType());
            fields.put(Wire.NAME, request.getName());
            fields.put(Wire.PARENT, request.getParent());
            fields.put(Wire.CUSTOM, request.getCustom());
            fields.put(Wire.PROVIDER, request.getProvider());
            fields.put(Wire.DEPENDENCIES, List.copyOf(request.getDependenciesList()));
            var propertyDependencies = new LinkedHashMap<String, Object>();
            request.getPropertyDependenciesMap().forEach((property, urns) ->
                    propertyDependencies.put(property, List.copyOf(urns.getUrnsList())));
            fields.put(Wire.PROPERTY_DEPENDENCIES, propertyDependencies);
            fields.put(Wire.INPUTS, json(request.getObject()));
            fields.put(Wire.PROTECT, request.getProtect());
            fields.put(Wire.IGNORE_CHANGES, List.copyOf(request.getIgnoreChangesList()));
            fields.put(Wire.PACKAGE_VERSION, request.getVersion());
            var outputs = request.getCustom() ? outputProperties(resource.getClass()) : List.<String>of();
            fields.put(Wire.OUTPUT_PROPERTIES, outputs);
            recorder.outputs.putIfAbsent(request.getType(), outputs);

            var response = super.registerResourceAsync(resource, request);
            recorder.add(resource, fields, response.thenApply(RegisterResourceResponse::getUrn));
            return response;
        }

        @Override
        public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put(Wire.OPERATION, Wire.READ);
            fields.put(Wire.TYPE, request.getType());
            fields.put(Wire.NAME, request.getName());
            fields.put(Wire.ID, request.getId());
            fields.put(Wire.PARENT, request.getParent());
            fields.put(Wire.CUSTOM, true);
            fields.put(Wire.PROVIDER, request.getProvider());
            fields.put(Wire.DEPENDENCIES, List.copyOf(request.getDependenciesList()));
            fields.put(Wire.PROPERTY_DEPENDENCIES, Map.of());
            fields.put(Wire.INPUTS, json(request.getProperties()));
            fields.put(Wire.PROTECT, false);
            fields.put(Wire.IGNORE_CHANGES, List.of());
            fields.put(Wire.PACKAGE_VERSION, request.getVersion());
            var outputs = outputProperties(resource.getClass());
            fields.put(Wire.OUTPUT_PROPERTIES, outputs);
            recorder.outputs.putIfAbsent(request.getType(), outputs);

            var response = super.readResourceAsync(resource, request);
            recorder.add(resource, fields, response.thenApply(ReadResourceResponse::getUrn));
            return response;
        }
    }
}
