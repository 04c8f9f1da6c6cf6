package dev.tollgate.report;

import dev.tollgate.plan.Source;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.report.SarifReport.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the line of configuration a violation is about, for code-scanning annotations. Plans carry no line numbers
 * (Terraform's {@code configuration} block names expressions, not positions), so the locator reads the sources
 * beside the plan: the {@code resource "TYPE" "NAME"} block in the {@code .tf} files of the resource's module
 * (following local {@code module} sources), or the Java line that constructs a Pulumi resource with its logical
 * name. When it cannot find the line it falls back to the module's file, then to the plan itself, and says so.
 */
public final class SourceLocator implements SarifReport.Locator {

    private static final Pattern BLOCK = Pattern.compile("^\\s*(resource|data|module)\\s+\"([^\"]+)\"(?:\\s+\"([^\"]+)\")?\\s*\\{");
    private static final Pattern SOURCE = Pattern.compile("^\\s*source\\s*=\\s*\"([^\"]+)\"");

    /** A block in a .tf file: kind (resource, data, module), its labels, file, line, and a module's source. */
    record Block(String kind, String label, Path file, int line, String source) {}

    private final Map<String, PlanFile> plans = new HashMap<>();
    private final Map<Path, List<Block>> blocks = new HashMap<>();

    /** @param plans the plans the decisions were made on, found by the file name each decision records */
    public SourceLocator(List<PlanFile> plans) {
        plans.forEach(p -> this.plans.put(p.display(), p));
    }

    @Override
    public Location locate(Decision d, Violation v) {
        PlanFile plan = plans.get(d.stack().file());
        if (plan == null) return new Location(d.stack().file(), 0, "plan-file", "the plan file; its sources were not available");
        Source.Tool tool = plan.plan().source().tool();
        if (tool == Source.Tool.TERRAFORM) return terraform(plan, v.resource());
        if (tool == Source.Tool.PULUMI) return pulumi(plan, v.resource());
        return planFile(plan, "the plan file; a " + tool.name().toLowerCase(java.util.Locale.ROOT) + " plan names no source");
    }

    // ---------------------------------------------------------------------------------------------- Terraform

    private Location terraform(PlanFile plan, String address) {
        Path root = dir(plan);
        if (tfFiles(root).isEmpty()) {
            return planFile(plan, "the plan file; Terraform plan JSON has no line numbers and no .tf files are beside it");
        }
        Address a = Address.parse(address);
        if (a == null) {
            Path main = moduleFile(root);
            return at(plan, main, 1, "stack", "the root module's file; " + (address.isEmpty() ? "the finding names no resource"
                    : address + " is stack-wide, not one resource"));
        }
        Path dir = root;
        for (String module : a.modules()) {
            Optional<Block> call = find(dir, "module", module);
            if (call.isEmpty()) {
                return at(plan, moduleFile(dir), 1, "module-file", "the module's file; no module \"" + module + "\" block in " + display(plan, dir) + "/*.tf");
            }
            String src = call.get().source();
            if (src == null || !(src.startsWith("./") || src.startsWith("../"))) {
                return at(plan, call.get().file(), call.get().line(), "module-call",
                        "the module \"" + module + "\" call; its source " + (src == null ? "is not a literal" : src + " is not a local directory"));
            }
            dir = dir.resolve(src).normalize();
            if (!Files.isDirectory(dir)) {
                return at(plan, call.get().file(), call.get().line(), "module-call", "the module \"" + module + "\" call; " + src + " is not checked out");
            }
        }
        Optional<Block> block = find(dir, a.data() ? "data" : "resource", a.type() + " " + a.name());
        if (block.isPresent()) return at(plan, block.get().file(), block.get().line(), "resource-block", null);
        return at(plan, moduleFile(dir), 1, "module-file", "the module's file; no " + (a.data() ? "data" : "resource") + " \""
                + a.type() + "\" \"" + a.name() + "\" block in " + display(plan, dir) + "/*.tf");
    }

    private Optional<Block> find(Path dir, String kind, String label) {
        return blocks(dir).stream().filter(b -> b.kind().equals(kind) && b.label().equals(label)).findFirst();
    }

    private List<Block> blocks(Path dir) {
        return blocks.computeIfAbsent(dir, d -> {
            List<Block> out = new ArrayList<>();
            for (Path f : tfFiles(d)) out.addAll(scan(f));
            return out;
        });
    }

    static List<Block> scan(Path file) {
        List<String> lines = lines(file);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = BLOCK.matcher(lines.get(i));
            if (!m.find()) continue;
            String label = m.group(3) == null ? m.group(2) : m.group(2) + " " + m.group(3);
            String source = null;
            if (m.group(1).equals("module")) {
                // A module block's attributes sit before its closing brace at the block's own indentation.
                for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("}"); j++) {
                    Matcher s = SOURCE.matcher(lines.get(j));
                    if (s.find()) {
                        source = s.group(1);
                        break;
                    }
                }
            }
            out.add(new Block(m.group(1), label, file, i + 1, source));
        }
        return out;
    }

    /** main.tf, else the first .tf file in name order. */
    private Path moduleFile(Path dir) {
        List<Path> files = tfFiles(dir);
        return files.stream().filter(f -> f.getFileName().toString().equals("main.tf")).findFirst()
                .orElse(files.isEmpty() ? dir : files.get(0));
    }

    private static List<Path> tfFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tf") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Terraform address: module path, data or managed, type and name; instance keys dropped. */
    record Address(List<String> modules, boolean data, String type, String name) {
        static Address parse(String address) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < address.length(); i++) {
                char c = address.charAt(i);
                if (quoted) {
                    if (c == '\\') i++;
                    else if (c == '"') quoted = false;
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                } else if (c == '.' && depth == 0) {
                    parts.add(part.toString());
                    part.setLength(0);
                } else if (depth == 0) {
                    part.append(c);
                }
            }
            parts.add(part.toString());
            List<String> modules = new ArrayList<>();
            int i = 0;
            while (i + 1 < parts.size() && parts.get(i).equals("module")) {
                modules.add(parts.get(i + 1));
                i += 2;
            }
            boolean data = i < parts.size() && parts.get(i).equals("data");
            if (data) i++;
            if (parts.size() - i != 2 || parts.get(i).isEmpty() || parts.get(i + 1).isEmpty() || parts.get(i).contains(":")) return null;
            return new Address(modules, data, parts.get(i), parts.get(i + 1));
        }
    }

    // ---------------------------------------------------------------------------------------------- Pulumi

    private Location pulumi(PlanFile plan, String urn) {
        Path project = dir(plan);
        if (!Files.isRegularFile(project.resolve("Pulumi.yaml"))) {
            return planFile(plan, "the plan file; no Pulumi.yaml with the program's sources is beside it");
        }
        List<Path> java = javaFiles(project);
        if (java.isEmpty()) return at(plan, project.resolve("Pulumi.yaml"), 1, "project-file", "Pulumi.yaml; the program has no Java sources here");
        int sep = urn.lastIndexOf("::");
        if (!urn.startsWith("urn:pulumi:") || sep < 0) {
            return at(plan, program(java), 1, "program-file", "the program's main file; " + (urn.isEmpty() ? "the finding names no resource" : urn + " is stack-wide, not one resource"));
        }
        String name = urn.substring(sep + 2);
        String typeToken = urn.substring(urn.lastIndexOf("::", sep - 1) + 2, sep);
        typeToken = typeToken.substring(typeToken.lastIndexOf('$') + 1);
        String simple = typeToken.substring(typeToken.lastIndexOf(':') + 1);
        String literal = "\"" + name + "\"";
        Location byType = null;
        for (Path f : java) {
            List<String> lines = lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains(literal) && line.contains("new " + simple + "(")) return at(plan, f, i + 1, "resource-constructor", null);
                if (byType == null && line.contains("new " + simple + "(")) {
                    byType = at(plan, f, i + 1, "type-constructor", "the first " + simple + " the program constructs; the name " + name + " is computed, not a literal");
                }
            }
        }
        return byType != null ? byType : at(plan, program(java), 1, "program-file", "the program's main file; no `new " + simple + "(` in its sources");
    }

    private static Path program(List<Path> java) {
        for (Path f : java) {
            String text = String.join("\n", lines(f));
            if (text.contains("Pulumi.run(") || text.contains("static void stack(")) return f;
        }
        return java.get(0);
    }

    private static List<Path> javaFiles(Path project) {
        Path src = project.resolve("src");
        if (!Files.isDirectory(src)) return List.of();
        try (Stream<Path> s = Files.walk(src)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- paths

    /** The directory the plan's sources sit in: the plan's own directory, or a Pulumi program's project directory. */
    private static Path dir(PlanFile plan) {
        Path p = plan.path().toAbsolutePath();
        return Files.isDirectory(p) ? p : p.getParent();
    }

    private static Location planFile(PlanFile plan, String note) {
        return new Location(plan.display(), 0, "plan-file", note);
    }

    /** A file found on disk, named the way the plan was named (relative to the repository, not a temporary checkout). */
    private static Location at(PlanFile plan, Path file, int line, String basis, String note) {
        return new Location(display(plan, file), line, basis, note);
    }

    private static String display(PlanFile plan, Path file) {
        Path rel = dir(plan).relativize(file.toAbsolutePath().normalize());
        Path shown = Path.of(plan.display());
        Path base = Files.isDirectory(plan.path()) ? shown : shown.getParent();
        Path out = base == null ? rel : base.resolve(rel).normalize();
        String s = out.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
