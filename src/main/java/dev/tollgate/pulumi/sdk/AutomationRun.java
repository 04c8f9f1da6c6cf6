package dev.tollgate.pulumi.sdk;

import com.pulumi.automation.LocalWorkspace;
import com.pulumi.automation.LocalWorkspaceOptions;
import com.pulumi.automation.PreviewOptions;
import com.pulumi.automation.UpOptions;
import com.pulumi.automation.WorkspaceStack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pulumi CLI through Pulumi's Automation API ({@code com.pulumi.automation}): a preview that saves its update
 * plan, and an update that applies exactly that plan. The caller checks the preview in between.
 */
public final class AutomationRun {
    private AutomationRun() {}

    /** {@code pulumi preview --json --save-plan PLAN} in the stack folder; returns the preview JSON. */
    public static String preview(Path dir, String stack, Path planFile) throws Exception {
        try (var workspace = LocalWorkspace.create(LocalWorkspaceOptions.builder().workDir(dir).build())) {
            var selected = WorkspaceStack.select(stack, workspace);
            return selected.preview(PreviewOptions.builder().json(true).plan(planFile.toString()).build()).standardOutput();
        }
    }

    /** {@code pulumi up --plan PLAN}: the update may do only what the checked preview said. */
    public static Map<String, Object> up(Path dir, String stack, Path planFile) throws Exception {
        try (var workspace = LocalWorkspace.create(LocalWorkspaceOptions.builder().workDir(dir).build())) {
            var selected = WorkspaceStack.select(stack, workspace);
            var summary = selected.up(UpOptions.builder().plan(planFile.toString()).build()).summary();
            var out = new LinkedHashMap<String, Object>();
            out.put("result", String.valueOf(summary.result()));
            var changes = new LinkedHashMap<String, Object>();
            summary.resourceChanges().forEach((op, n) -> changes.put(String.valueOf(op), n));
            out.put("changes", changes);
            return out;
        }
    }
}
