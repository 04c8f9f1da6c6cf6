package dev.tollgate.pulumi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a stack with its own {@code pom.xml}, the way Pulumi's Java host does before {@code pulumi up}, and returns
 * its runtime classpath: {@code target/classes} plus every dependency jar. Maven writes the jar list once to
 * {@code target/tollgate-classpath.txt}; later runs reuse it while it is newer than the pom and every source file.
 *
 * @param mvn     the Maven command ({@code TOLLGATE_MVN}, else {@code mvn} on PATH)
 * @param offline pass {@code -o} so Maven uses only the local repository
 * @param timeout how long a build may take
 */
public record StackBuild(String mvn, boolean offline, Duration timeout) {

    /** The dependency plugin is named with its version so stacks need not declare it. */
    static final String BUILD_CLASSPATH = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
    public static final String CLASSPATH_FILE = "target/tollgate-classpath.txt";

    public static StackBuild standard(boolean offline) {
        var fromEnv = System.getenv("TOLLGATE_MVN");
        var windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        var mvn = fromEnv != null && !fromEnv.isBlank() ? fromEnv : windows ? "mvn.cmd" : "mvn";
        return new StackBuild(mvn, offline, Duration.ofMinutes(10));
    }

    /** What a build did, for the CLI to report. */
    public record Result(List<Path> classpath, boolean reused, Duration elapsed) {}

    public Result classpath(Path dir) {
        var pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new PulumiException(dir + " has no pom.xml: Tollgate builds Java stacks with their own Maven pom "
                    + "(Gradle and prebuilt jars are not supported)");
        }
        var listing = dir.resolve(CLASSPATH_FILE);
        var start = System.nanoTime();
        var reused = upToDate(dir, listing);
        if (!reused) build(dir, pom);
        return new Result(read(dir, listing), reused, Duration.ofNanos(System.nanoTime() - start));
    }

    private void build(Path dir, Path pom) {
        var command = new ArrayList<>(List.of(mvn, "-q", "-B"));
        if (offline) command.add("-o");
        command.addAll(List.of("-f", pom.toAbsolutePath().toString(), "compile", BUILD_CLASSPATH,
                "-Dmdep.outputFile=" + CLASSPATH_FILE, "-Dmdep.includeScope=runtime"));
        Path log;
        try {
            log = Files.createTempFile("tollgate-mvn", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new PulumiException("building " + dir + " needs Maven, but `" + mvn + "` could not be started ("
                        + e.getMessage() + "); install Maven or set TOLLGATE_MVN to its path");
            }
            boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
                throw new PulumiException("building " + dir + " with Maven took longer than " + timeout.toMinutes() + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new PulumiException("building " + dir + " failed (" + String.join(" ", command) + "):\n" + tail(log, 25));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PulumiException("interrupted while building " + dir);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file left behind is not worth failing the build for
            }
        }
    }

    private static List<Path> read(Path dir, Path listing) {
        if (!Files.isRegularFile(listing)) throw new PulumiException("Maven did not write " + listing);
        var classes = dir.resolve("target/classes");
        var out = new ArrayList<Path>();
        if (Files.isDirectory(classes)) out.add(classes);
        try {
            var text = Files.readString(listing, StandardCharsets.UTF_8).trim();
            if (!text.isEmpty()) {
                for (var entry : text.split(java.io.File.pathSeparator)) {
                    var jar = Path.of(entry.trim());
                    if (!Files.exists(jar)) {
                        throw new PulumiException(listing + " names " + jar + ", which does not exist; delete "
                                + listing + " to rebuild");
                    }
                    out.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The listing is current when nothing that shapes the build changed after it was written. */
    static boolean upToDate(Path dir, Path listing) {
        if (!Files.isRegularFile(listing)) return false;
        // A project without sources (a policy pack) compiles to nothing.
        if (Files.isDirectory(dir.resolve("src")) && !Files.isDirectory(dir.resolve("target/classes"))) return false;
        try {
            var written = Files.getLastModifiedTime(listing);
            if (newer(dir.resolve("pom.xml"), written)) return false;
            var src = dir.resolve("src");
            if (!Files.isDirectory(src)) return true;
            try (Stream<Path> files = Files.walk(src)) {
                return files.filter(Files::isRegularFile).noneMatch(f -> newer(f, written));
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static String tail(Path log, int lines) {
        try {
            var all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no Maven output: " + e.getMessage() + ")";
        }
    }
}
