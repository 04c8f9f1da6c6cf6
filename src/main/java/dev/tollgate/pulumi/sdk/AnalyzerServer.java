package dev.tollgate.pulumi.sdk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import pulumirpc.AnalyzerGrpc;
import pulumirpc.AnalyzerOuterClass.AnalyzeDiagnostic;
import pulumirpc.AnalyzerOuterClass.AnalyzeRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzeResponse;
import pulumirpc.AnalyzerOuterClass.AnalyzeStackRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzerHandshakeRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzerHandshakeResponse;
import pulumirpc.AnalyzerOuterClass.AnalyzerInfo;
import pulumirpc.AnalyzerOuterClass.AnalyzerProviderResource;
import pulumirpc.AnalyzerOuterClass.AnalyzerResource;
import pulumirpc.AnalyzerOuterClass.AnalyzerStackConfigureRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzerStackConfigureResponse;
import pulumirpc.AnalyzerOuterClass.ConfigureAnalyzerRequest;
import pulumirpc.AnalyzerOuterClass.EnforcementLevel;
import pulumirpc.AnalyzerOuterClass.PolicyConfigSchema;
import pulumirpc.AnalyzerOuterClass.PolicyInfo;
import pulumirpc.AnalyzerOuterClass.PolicySeverity;
import pulumirpc.AnalyzerOuterClass.RemediateResponse;
import pulumirpc.Plugin.PluginInfo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pulumi's analyzer protocol ({@code pulumirpc.Analyzer}) over gRPC, for {@code pulumi up --policy-pack}. The engine
 * calls it per resource ({@code Analyze}) and for the whole stack ({@code AnalyzeStack}); each call becomes one JSON
 * request to Tollgate's side of the class-loader boundary, and the violations come back as diagnostics.
 *
 * <p>Requests to {@code analyze} look like {@code {"scope": "resource"|"stack", "stack": {...ConfigureStack},
 * "policyConfig": {...Configure}, "resources": [{type, urn, name, properties, parent, dependencies,
 * propertyDependencies, provider: {type, urn, name, properties}}]}} with Pulumi's property encoding kept; the answer is
 * {@code {"diagnostics": [{policyName, description, message, enforcementLevel, severity, urn}]}}.
 */
public final class AnalyzerServer {
    private AnalyzerServer() {}

    /**
     * @param pack    name, version, displayName, description and policies (each: name, displayName, description,
     *                enforcementLevel, severity, remediation, configSchema as JSON text)
     * @param analyze the JSON request above to the JSON answer
     * @return {@code port} (Integer), {@code stop} and {@code await} (Runnable)
     */
    public static Map<String, Object> start(Map<String, Object> pack, Function<String, String> analyze) throws IOException {
        var service = new Service(pack, analyze);
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
        var handle = new LinkedHashMap<String, Object>();
        handle.put("port", server.getPort());
        handle.put("stop", (Runnable) () -> {
            server.shutdown();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.shutdownNow();
        });
        handle.put("await", (Runnable) () -> {
            try {
                server.awaitTermination();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return handle;
    }

    private static final class Service extends AnalyzerGrpc.AnalyzerImplBase {
        private final Map<String, Object> pack;
        private final Function<String, String> analyze;
        private volatile JsonObject stack = new JsonObject();
        private volatile JsonObject policyConfig = new JsonObject();

        Service(Map<String, Object> pack, Function<String, String> analyze) {
            this.pack = pack;
            this.analyze = analyze;
        }

        @Override
        public void handshake(AnalyzerHandshakeRequest request, StreamObserver<AnalyzerHandshakeResponse> response) {
            reply(response, AnalyzerHandshakeResponse.getDefaultInstance());
        }

        @Override
        public void configureStack(AnalyzerStackConfigureRequest request, StreamObserver<AnalyzerStackConfigureResponse> response) {
            var s = new JsonObject();
            s.addProperty("stack", request.getStack());
            s.addProperty("project", request.getProject());
            s.addProperty("organization", request.getOrganization());
            s.addProperty("dryRun", request.getDryRun());
            var config = new JsonObject();
            request.getConfigMap().forEach(config::addProperty);
            s.add("config", config);
            var tags = new JsonObject();
            request.getTagsMap().forEach(tags::addProperty);
            s.add("tags", tags);
            stack = s;
            reply(response, AnalyzerStackConfigureResponse.getDefaultInstance());
        }

        @Override
        public void getAnalyzerInfo(Empty request, StreamObserver<AnalyzerInfo> response) {
            var info = AnalyzerInfo.newBuilder()
                    .setName((String) pack.get("name"))
                    .setDisplayName((String) pack.get("displayName"))
                    .setVersion((String) pack.get("version"))
                    .setDescription((String) pack.get("description"))
                    .setSupportsConfig(true);
            for (var item : (List<?>) pack.get("policies")) {
                @SuppressWarnings("unchecked") var p = (Map<String, Object>) item;
                var schema = PolicyConfigSchema.newBuilder();
                var properties = Struct.newBuilder();
                merge((String) p.get("configSchema"), properties);
                info.addPolicies(PolicyInfo.newBuilder()
                        .setName((String) p.get("name"))
                        .setDisplayName((String) p.get("displayName"))
                        .setDescription((String) p.get("description"))
                        .setMessage((String) p.get("remediation"))
                        .setRemediationSteps((String) p.get("remediation"))
                        .setEnforcementLevel(enforcement((String) p.get("enforcementLevel")))
                        .setSeverity(severity((String) p.get("severity")))
                        .setConfigSchema(schema.setProperties(properties)));
            }
            reply(response, info.build());
        }

        @Override
        public void getPluginInfo(Empty request, StreamObserver<PluginInfo> response) {
            reply(response, PluginInfo.newBuilder().setVersion((String) pack.get("version")).build());
        }

        @Override
        public void configure(ConfigureAnalyzerRequest request, StreamObserver<Empty> response) {
            var config = new JsonObject();
            request.getPolicyConfigMap().forEach((name, c) -> {
                var entry = new JsonObject();
                entry.addProperty("enforcementLevel", c.getEnforcementLevel().name().toLowerCase(Locale.ROOT));
                entry.add("properties", json(c.getProperties()));
                config.add(name, entry);
            });
            policyConfig = config;
            reply(response, Empty.getDefaultInstance());
        }

        @Override
        public void analyze(AnalyzeRequest request, StreamObserver<AnalyzeResponse> response) {
            var resource = new JsonObject();
            resource.addProperty("type", request.getType());
            resource.addProperty("urn", request.getUrn());
            resource.addProperty("name", request.getName());
            resource.add("properties", json(request.getProperties()));
            resource.add("dependencies", new JsonArray());
            resource.add("propertyDependencies", new JsonObject());
            if (request.hasProvider()) resource.add("provider", provider(request.getProvider()));
            var resources = new JsonArray();
            resources.add(resource);
            answer("resource", resources, response);
        }

        @Override
        public void analyzeStack(AnalyzeStackRequest request, StreamObserver<AnalyzeResponse> response) {
            var resources = new JsonArray();
            for (AnalyzerResource r : request.getResourcesList()) {
                var resource = new JsonObject();
                resource.addProperty("type", r.getType());
                resource.addProperty("urn", r.getUrn());
                resource.addProperty("name", r.getName());
                resource.add("properties", json(r.getProperties()));
                resource.addProperty("parent", r.getParent());
                var dependencies = new JsonArray();
                r.getDependenciesList().forEach(dependencies::add);
                resource.add("dependencies", dependencies);
                var propertyDependencies = new JsonObject();
                r.getPropertyDependenciesMap().forEach((property, urns) -> {
                    var list = new JsonArray();
                    urns.getUrnsList().forEach(list::add);
                    propertyDependencies.add(property, list);
                });
                resource.add("propertyDependencies", propertyDependencies);
                if (r.hasProvider()) resource.add("provider", provider(r.getProvider()));
                resources.add(resource);
            }
            answer("stack", resources, response);
        }

        @Override
        public void remediate(AnalyzeRequest request, StreamObserver<RemediateResponse> response) {
            // Tollgate reports; it never rewrites a resource.
            reply(response, RemediateResponse.getDefaultInstance());
        }

        private void answer(String scope, JsonArray resources, StreamObserver<AnalyzeResponse> response) {
            var request = new JsonObject();
            request.addProperty("scope", scope);
            request.add("stack", stack);
            request.add("policyConfig", policyConfig);
            request.add("resources", resources);
            JsonObject answer;
            try {
                answer = JsonParser.parseString(analyze.apply(request.toString())).getAsJsonObject();
            } catch (RuntimeException e) {
                // The engine shows this to the user: say what failed, not where in Tollgate.
                response.onError(Status.INTERNAL.withDescription("tollgate: " + e.getMessage()).asRuntimeException());
                return;
            }
            var out = AnalyzeResponse.newBuilder();
            for (JsonElement item : answer.getAsJsonArray("diagnostics")) {
                var d = item.getAsJsonObject();
                out.addDiagnostics(AnalyzeDiagnostic.newBuilder()
                        .setPolicyName(d.get("policyName").getAsString())
                        .setPolicyPackName((String) pack.get("name"))
                        .setPolicyPackVersion((String) pack.get("version"))
                        .setDescription(d.get("description").getAsString())
                        .setMessage(d.get("message").getAsString())
                        .setEnforcementLevel(enforcement(d.get("enforcementLevel").getAsString()))
                        .setSeverity(severity(d.get("severity").getAsString()))
                        .setUrn(d.get("urn").getAsString()));
            }
            reply(response, out.build());
        }

        private static JsonObject provider(AnalyzerProviderResource p) {
            var provider = new JsonObject();
            provider.addProperty("type", p.getType());
            provider.addProperty("urn", p.getUrn());
            provider.addProperty("name", p.getName());
            provider.add("properties", json(p.getProperties()));
            return provider;
        }
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }

    static EnforcementLevel enforcement(String level) {
        return switch (level) {
            case "mandatory" -> EnforcementLevel.MANDATORY;
            case "disabled" -> EnforcementLevel.DISABLED;
            case "remediate" -> EnforcementLevel.REMEDIATE;
            default -> EnforcementLevel.ADVISORY;
        };
    }

    static PolicySeverity severity(String severity) {
        return switch (severity == null ? "" : severity) {
            case "low" -> PolicySeverity.POLICY_SEVERITY_LOW;
            case "medium" -> PolicySeverity.POLICY_SEVERITY_MEDIUM;
            case "high" -> PolicySeverity.POLICY_SEVERITY_HIGH;
            case "critical" -> PolicySeverity.POLICY_SEVERITY_CRITICAL;
            default -> PolicySeverity.POLICY_SEVERITY_UNSPECIFIED;
        };
    }

    private static JsonElement json(MessageOrBuilder message) {
        try {
            return JsonParser.parseString(JsonFormat.printer().omittingInsignificantWhitespace().print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void merge(String json, Struct.Builder into) {
        try {
            JsonFormat.parser().merge(json, into);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("bad config schema: " + json, e);
        }
    }
}
