package dev.tollgate.report;

import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanFormatException;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.PolicyException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The plans one side of a review holds: a plan file, or every plan in a directory tree (one per stack).
 * In a directory, each {@code .json} file is read; those whose content is no plan format at all (Rego inputs, data
 * files) are listed as skipped, never silently dropped, while a plan that is malformed is an error naming the file.
 */
public final class PlanSet {
    private PlanSet() {}

    /** Build output and tool caches hold copies or plans of other things. */
    private static final Set<String> IGNORED_DIRS = Set.of("target", "node_modules", ".terraform", "build");

    public record Found(List<PlanFile> plans, List<String> skipped) {}

    /**
     * @param given   a plan file or a directory
     * @param display what reports call {@code given} (with --git, its path in the repository)
     */
    public static Found read(Path given, String display) {
        if (Files.isRegularFile(given)) {
            return new Found(List.of(plan(given.getFileName().toString(), given, display)), List.of());
        }
        if (!Files.isDirectory(given)) throw new PolicyException(display + ": no such plan file or directory");
        List<PlanFile> plans = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : jsonFiles(given)) {
            String key = given.relativize(file).toString().replace('\\', '/');
            String name = display.isEmpty() || display.equals(".") ? key : trimSlash(display) + "/" + key;
            try {
                plans.add(plan(key, file, name));
            } catch (PlanFormatException e) {
                if (!e.problem().startsWith("unknown plan format") && !e.problem().startsWith("empty file")) throw e;
                skipped.add(name + ": not a plan, skipped");
            }
        }
        return new Found(plans, skipped);
    }

    static PlanFile plan(String key, Path file, String display) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(display + ": cannot read: " + e.getMessage(), e);
        }
        Plan plan = PlanReader.read(new ByteArrayInputStream(bytes), display);
        return new PlanFile(key, file, display, plan, HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    private static List<Path> jsonFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String name = d.getFileName() == null ? "" : d.getFileName().toString();
                    boolean skip = !d.equals(dir) && (name.startsWith(".") || IGNORED_DIRS.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && f.getFileName().toString().endsWith(".json")) files.add(f);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new PolicyException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
