package org.sylva.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Python processes the benchmarks start: the vigra/ilastik anchor script and small helper snippets. */
final class BenchProcesses {

    private BenchProcesses() {}

    /** Runs {@code anchor} with {@code args} (its stderr shown) and parses the JSON on the last line it prints. */
    static JsonNode anchorRun(String python, Path anchor, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, anchor.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new Main.UserError("the anchor " + anchor + " failed (exit " + p.exitValue() + ")");
        String[] lines = out.split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** Runs {@code python -c code args}, failing with its output if it fails. */
    static void python(String python, String code, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, "-c", code));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new Main.UserError("python failed: " + out);
    }
}
