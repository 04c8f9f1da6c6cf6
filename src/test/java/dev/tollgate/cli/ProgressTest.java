package dev.tollgate.cli;

import dev.tollgate.policy.Decision.Verdict;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressTest {

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        StringWriter err = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress bar = new Progress.Bar(new PrintWriter(err), clock::get);
        bar.start(4);
        bar.evaluated("stacks/a/plan.json", Verdict.ALLOW);
        bar.evaluated("b", Verdict.DENY);
        clock.set(2_500_000_000L);
        bar.finish();

        String dots = ".".repeat(30);
        String first = "[" + dots + "] 0/4 stacks  ";
        String second = "[" + "#".repeat(7) + dots.substring(7) + "] 1/4 stacks  stacks/a/plan.json";
        String third = "[" + "#".repeat(15) + dots.substring(15) + "] 2/4 stacks  b";
        assertEquals("\r" + first + "\r" + second + "\r" + third + " ".repeat(second.length() - third.length())
                + "\r" + " ".repeat(second.length()) + "\r" + "tollgate: reviewed 4 stacks in 2.5 s" + System.lineSeparator(), err.toString());
    }

    @Test
    void ciGetsPlainLines() {
        StringWriter err = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress lines = new Progress.Lines(new PrintWriter(err), clock::get);
        lines.start(2);
        lines.evaluated("a", Verdict.ALLOW);
        lines.evaluated("b", Verdict.DENY);
        clock.set(1_000_000_000L);
        lines.finish();

        String n = System.lineSeparator();
        assertEquals("tollgate: review: evaluating 2 stacks" + n
                + "tollgate: review: 1/2 stacks evaluated: a (allow)" + n
                + "tollgate: review: 2/2 stacks evaluated: b (deny)" + n
                + "tollgate: review: done in 1.0 s" + n, err.toString());
        assertEquals(-1, err.toString().indexOf('\r'), "no carriage returns in a CI log");
    }
}
