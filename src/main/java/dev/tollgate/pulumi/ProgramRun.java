package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What running a program under mocks produced.
 *
 * @param registrations every registered or read resource, in the order the program sent them
 * @param invokes       provider functions the program called; under mocks they returned nothing
 * @param outputs       the stack's exports
 * @param log           warnings and errors the program or SDK logged
 * @param elapsed       wall time of the run
 */
public record ProgramRun(List<Registration> registrations, List<Invoke> invokes, Map<String, StackOutput> outputs,
                         List<String> log, Duration elapsed) {

    public ProgramRun {
        registrations = List.copyOf(registrations);
        invokes = List.copyOf(invokes);
        outputs = Map.copyOf(outputs);
        log = List.copyOf(log);
    }

    /** A provider function call ({@code aws:ec2/getAmi:getAmi}) with its arguments. */
    public record Invoke(String token, String provider, JsonNode args) {}

    /** One export: unknown until apply, secret, or a plain value. */
    public record StackOutput(boolean known, boolean secret, JsonNode value) {}
}
