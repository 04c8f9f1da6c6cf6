package dev.tollgate.report;

import dev.tollgate.plan.Plan;

import java.nio.file.Path;

/**
 * A plan a review evaluates.
 *
 * @param key     what pairs it with the other side: its path relative to the directory that was given, or its file name
 * @param path    where it is on disk (a temporary checkout with --git)
 * @param display how reports name it: the path as given, or relative to the repository with --git
 * @param sha256  SHA-256 of the file's bytes
 */
public record PlanFile(String key, Path path, String display, Plan plan, String sha256) {}
