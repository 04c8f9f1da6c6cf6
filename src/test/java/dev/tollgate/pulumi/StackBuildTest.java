package dev.tollgate.pulumi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The path a user takes: the stack builds with its own pom, and its program runs in a class loader of its own, where
 * Tollgate's runner links against the stack's Pulumi SDK. Slow (one Maven build), so one test does it all.
 */
class StackBuildTest {

    @Test
    void buildsTheStackWithItsPomAndRunsItIsolated(@TempDir Path temp) throws IOException {
        // A copy under a folder with a space, as users' checkouts often are.
        var dir = temp.resolve("my stacks/gpu-training");
        Files.createDirectories(dir);
        MockRunnerTest.copyProject(MockRunnerTest.GPU_TRAINING, dir);

        var build = StackBuild.standard(false);
        var first = build.classpath(dir);
        assertFalse(first.reused());
        assertTrue(first.classpath().get(0).endsWith(Path.of("target/classes")));
        assertTrue(first.classpath().stream().anyMatch(p -> p.getFileName().toString().equals("aws-6.83.0.jar")));
        assertTrue(first.classpath().stream().anyMatch(p -> p.getFileName().toString().equals("pulumi-1.36.1.jar")));
        assertFalse(first.classpath().stream().anyMatch(p -> p.getFileName().toString().startsWith("jackson-databind")),
                "the stack's classpath is its own, not Tollgate's");

        var again = build.classpath(dir);
        assertTrue(again.reused(), "an unchanged stack is not built twice");
        assertEquals(first.classpath(), again.classpath());

        var project = PulumiProject.load(dir);
        ProgramRun isolated;
        try (var loader = ProgramLoader.isolated(first.classpath())) {
            isolated = MockRunner.run(loader, project, StackConfig.load(project, "dev"));
        }
        var shared = MockRunnerTest.run(MockRunnerTest.GPU_TRAINING, "dev");
        assertEquals(shared.registrations().size(), isolated.registrations().size());
        assertEquals(shared.registrations().get(5).inputs(), isolated.registrations().get(5).inputs());
        assertEquals("6.83.0", isolated.registrations().get(1).packageVersion());
        System.out.printf("gpu-training: maven build %d ms, cached %d ms, isolated run %d ms%n",
                first.elapsed().toMillis(), again.elapsed().toMillis(), isolated.elapsed().toMillis());

        // Touching a source makes the listing stale.
        var app = dir.resolve("src/main/java/stacks/gputraining/App.java");
        Files.setLastModifiedTime(app, FileTime.from(Instant.now().plus(Duration.ofMinutes(1))));
        assertFalse(StackBuild.upToDate(dir, dir.resolve(StackBuild.CLASSPATH_FILE)));
    }

    @Test
    void aStackWithoutPomIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: x\nruntime: java\n");
        var e = assertThrows(PulumiException.class, () -> StackBuild.standard(true).classpath(dir));
        assertTrue(e.getMessage().contains("has no pom.xml"), e.getMessage());
    }

    @Test
    void aMissingMavenIsAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        var build = new StackBuild("/nonexistent/mvn", true, Duration.ofMinutes(1));
        var e = assertThrows(PulumiException.class, () -> build.classpath(dir));
        assertTrue(e.getMessage().contains("needs Maven") && e.getMessage().contains("TOLLGATE_MVN"), e.getMessage());
    }

    @Test
    void aFailingBuildShowsMavensOutput(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion></project>");
        var e = assertThrows(PulumiException.class, () -> StackBuild.standard(true).classpath(dir));
        assertTrue(e.getMessage().startsWith("building " + dir + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("groupId"), e.getMessage());
    }
}
