package dev.tollgate.facts;

import java.util.List;

/** A catalogue (bundled or user override) that cannot be used; carries every problem found, not just the first. */
public final class CatalogueException extends RuntimeException {

    private final List<Problem> problems;

    public CatalogueException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        if (problems.size() == 1) return problems.get(0).toString();
        StringBuilder sb = new StringBuilder(problems.size() + " catalogue problems:");
        for (Problem p : problems) sb.append(System.lineSeparator()).append("  ").append(p);
        return sb.toString();
    }
}
