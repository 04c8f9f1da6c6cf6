package dev.tollgate.report;

import dev.tollgate.policy.PolicyException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads commits of a git repository without touching its work tree or index: {@code git ls-tree} lists the files
 * of a commit and {@code git cat-file --batch} streams their contents into a directory of our own. Runs the
 * {@code git} binary, which every CI runner has.
 */
public final class GitRefs {

    private final Path repo;

    private GitRefs(Path repo) {
        this.repo = repo;
    }

    /** The repository that contains {@code dir}. */
    public static GitRefs at(Path dir) {
        if (!Files.isDirectory(dir)) throw new PolicyException("--repo " + dir + ": no such directory");
        String top = text(run(dir, false, "rev-parse", "--show-toplevel"), "finding the repository of " + dir).strip();
        return new GitRefs(Path.of(top));
    }

    public Path root() {
        return repo;
    }

    /** Base and head commits, as full ids. */
    public record Range(String spec, String base, String head) {}

    /**
     * {@code BASE..HEAD} compares the two commits; {@code BASE...HEAD} compares HEAD with where it forked from BASE,
     * as a pull request does when BASE has moved on.
     */
    public Range range(String spec) {
        boolean mergeBase = spec.contains("...");
        String[] parts = spec.split(mergeBase ? "\\.\\.\\." : "\\.\\.", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new PolicyException("--git: '" + spec + "' is not BASE_REF..HEAD_REF (or BASE_REF...HEAD_REF for the merge base)");
        }
        String head = commit(parts[1]);
        String base = commit(parts[0]);
        if (mergeBase) base = text(git("merge-base", base, head), "finding the merge base of " + spec).strip();
        return new Range(spec, base, head);
    }

    private String commit(String ref) {
        byte[] out = run(repo, true, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (out == null) throw new PolicyException("--git: '" + ref + "' is not a commit in " + repo);
        return new String(out, StandardCharsets.UTF_8).strip();
    }

    /**
     * Writes the files under {@code paths} as they are at {@code commit} into {@code into}, and returns what it left
     * out (symbolic links and submodules, which a plan or policy never is).
     */
    public List<String> extract(String commit, List<String> paths, Path into) {
        List<String> args = new ArrayList<>(List.of("ls-tree", "-r", "-z", "--full-tree", commit, "--"));
        args.addAll(paths);
        String listing = text(git(args.toArray(String[]::new)), "listing " + String.join(", ", paths) + " at " + commit);
        List<String[]> blobs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String entry : listing.split("\0")) {
            if (entry.isEmpty()) continue;
            int tab = entry.indexOf('\t');
            String[] meta = entry.substring(0, tab).split(" ");
            String path = entry.substring(tab + 1);
            if (meta[1].equals("blob") && !meta[0].equals("120000")) blobs.add(new String[]{meta[2], path});
            else skipped.add(path + ": " + (meta[0].equals("120000") ? "symbolic link" : meta[1]) + " at " + commit + ", not read");
        }
        if (!blobs.isEmpty()) catFiles(blobs, into);
        return skipped;
    }

    /** One {@code git cat-file --batch} for all blobs: a request, then its answer, one object at a time. */
    private void catFiles(List<String[]> blobs, Path into) {
        Process p = start(repo, "cat-file", "--batch");
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream req = p.getOutputStream(); InputStream res = p.getInputStream()) {
            for (String[] blob : blobs) {
                req.write((blob[0] + "\n").getBytes(StandardCharsets.US_ASCII));
                req.flush();
                String header = line(res);
                String[] h = header.split(" ");
                if (h.length != 3 || !h[1].equals("blob")) {
                    throw new PolicyException("git cat-file answered '" + header + "' for " + blob[1]);
                }
                byte[] content = res.readNBytes(Integer.parseInt(h[2]));
                res.read();  // the newline after each object
                Path target = into.resolve(blob[1]).normalize();
                if (!target.startsWith(into)) throw new PolicyException("git path escapes the checkout: " + blob[1]);
                Files.createDirectories(target.getParent());
                Files.write(target, content);
            }
        } catch (IOException e) {
            throw new PolicyException("reading files from git failed: " + e.getMessage(), e);
        }
        try {
            if (p.waitFor() != 0) throw new PolicyException("git cat-file failed: " + new String(errors.join(), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException("interrupted while reading from git");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("git cat-file ended early");
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private byte[] git(String... args) {
        return run(repo, false, args);
    }

    private static String text(byte[] out, String what) {
        if (out == null) throw new PolicyException("git failed " + what);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Runs git and returns its output; on failure, null when {@code quiet}, else an error with git's own message. */
    private static byte[] run(Path dir, boolean quiet, String... args) {
        Process p = start(dir, args);
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = readAll(p.getInputStream());
        try {
            if (p.waitFor() == 0) return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException("interrupted while running git");
        }
        String message = new String(errors.join(), StandardCharsets.UTF_8).strip();
        if (quiet) return null;
        throw new PolicyException("git " + String.join(" ", args) + " failed in " + dir + ": " + message);
    }

    private static Process start(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            // Never prompt (credentials, pagers) in CI.
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            pb.environment().put("GIT_PAGER", "cat");
            return pb.start();
        } catch (IOException e) {
            throw new PolicyException("--git needs the git binary on PATH: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
