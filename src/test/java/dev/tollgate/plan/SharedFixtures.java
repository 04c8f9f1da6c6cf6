package dev.tollgate.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared reference material: read in place, never copied. Missing material fails the test. */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path dir(String sub) {
        Path root = Path.of(System.getProperty("tollgate.shared.dir", "../shared"));
        Path dir = root.resolve(sub);
        assertTrue(Files.isDirectory(dir), "shared fixtures missing: " + dir.toAbsolutePath()
                + " (set -Dtollgate.shared.dir to the shared folder)");
        return dir;
    }

    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
