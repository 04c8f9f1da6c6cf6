package dev.tollgate.cli;

import dev.tollgate.policy.Decision.Verdict;
import dev.tollgate.report.Reviewer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How a long review reports on stderr: a bar redrawn in place on a terminal, plain log lines in CI (no terminal,
 * or {@code CI=true}), where carriage returns would pile up in the job log.
 */
abstract class Progress implements Reviewer.Progress {

    final PrintWriter err;
    final LongSupplier nanos;
    int total;
    int done;
    long started;

    Progress(PrintWriter err, LongSupplier nanos) {
        this.err = err;
        this.nanos = nanos;
    }

    /** A bar when a person watches a terminal, else log lines. */
    static Progress choose(PrintWriter err) {
        boolean terminal = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
        return terminal ? new Bar(err, System::nanoTime) : new Lines(err, System::nanoTime);
    }

    @Override
    public void start(int stacks) {
        total = stacks;
        started = nanos.getAsLong();
        begin();
    }

    @Override
    public void evaluated(String stack, Verdict verdict) {
        done++;
        step(stack, verdict);
    }

    abstract void begin();

    abstract void step(String stack, Verdict verdict);

    String elapsed() {
        Duration d = Duration.ofNanos(nanos.getAsLong() - started);
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** {@code [#######.............]  7/20 stacks  examples/terraform/gpu-training-eu/plan.json}, redrawn with \r. */
    static final class Bar extends Progress {
        static final int WIDTH = 30;
        int drawn;

        Bar(PrintWriter err, LongSupplier nanos) {
            super(err, nanos);
        }

        @Override
        void begin() {
            draw("");
        }

        @Override
        void step(String stack, Verdict verdict) {
            draw(stack);
        }

        private void draw(String stack) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " stacks  " + stack;
            // Pad over the longer line drawn before, then return to its start for the next one.
            err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            drawn = Math.max(drawn, line.length());
            err.flush();
        }

        @Override
        public void finish() {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.println("tollgate: reviewed " + total + (total == 1 ? " stack" : " stacks") + " in " + elapsed());
            err.flush();
        }
    }

    /** {@code tollgate: review: 7/20 stacks evaluated: examples/...json (deny)}, one line each. */
    static final class Lines extends Progress {
        Lines(PrintWriter err, LongSupplier nanos) {
            super(err, nanos);
        }

        @Override
        void begin() {
            err.println("tollgate: review: evaluating " + total + (total == 1 ? " stack" : " stacks"));
            err.flush();
        }

        @Override
        void step(String stack, Verdict verdict) {
            err.println("tollgate: review: " + done + "/" + total + " stacks evaluated: " + stack + " (" + verdict.id() + ")");
            err.flush();
        }

        @Override
        public void finish() {
            err.println("tollgate: review: done in " + elapsed());
            err.flush();
        }
    }
}
