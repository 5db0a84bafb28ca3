package org.sylva.web;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser scripts of {@code app/src/test/web} (playwright-core driving Debian's chromium) with node.
 * {@code .ci/run} installs chromium, node and the harness ({@code npm ci}). A machine without chromium or node
 * fails the browser tests with what to install — they are never skipped silently; only an explicit
 * {@code SYLVA_SKIP_BROWSER_TESTS=1} in the environment skips them (local development without a browser).
 */
final class Browser {

    static final Path HARNESS = Path.of("src/test/web").toAbsolutePath();

    private Browser() {}

    static String chromium() {
        String env = System.getenv("SYLVA_CHROMIUM");
        for (String c : new String[]{env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (c != null && Files.isExecutable(Path.of(c))) return c;
        }
        return null;
    }

    /**
     * Fails the calling test unless node and chromium are there (skips it only if {@code SYLVA_SKIP_BROWSER_TESTS=1});
     * installs the harness with {@code npm ci} if needed.
     */
    static void require() throws IOException, InterruptedException {
        assumeFalse("1".equals(System.getenv("SYLVA_SKIP_BROWSER_TESTS")),
                "SYLVA_SKIP_BROWSER_TESTS=1: browser test skipped");
        if (chromium() == null) {
            throw new IllegalStateException("the browser tests need Debian's chromium (/usr/bin/chromium): "
                    + "apt-get install chromium, or set SYLVA_CHROMIUM to a chromium binary "
                    + "(SYLVA_SKIP_BROWSER_TESTS=1 skips them; .ci/run installs everything)");
        }
        if (run(List.of("node", "--version"), 30) != 0) {
            throw new IllegalStateException("the browser tests need node and npm (apt-get install nodejs npm; "
                    + "SYLVA_SKIP_BROWSER_TESTS=1 skips them)");
        }
        if (!Files.isDirectory(HARNESS.resolve("node_modules/playwright-core"))) {
            int rc = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            if (rc != 0) throw new IllegalStateException("npm ci in " + HARNESS + " failed (exit " + rc + ")");
        }
    }

    /** Runs a script of the harness with arguments; returns its JSON result file's content. */
    static JsonNode script(String name, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path result = Files.createTempFile("sylva-browser-", ".json");
        List<String> cmd = new ArrayList<>(List.of("node", name));
        cmd.addAll(List.of(args[0], result.toString()));
        for (int i = 1; i < args.length; i++) cmd.add(args[i]);
        int rc = run(cmd, timeoutSeconds);
        String text = Files.readString(result);
        Files.deleteIfExists(result);
        if (text.isEmpty()) throw new IllegalStateException(name + " wrote no result (exit " + rc + ")");
        return new ObjectMapper().readTree(text);
    }

    private static int run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(HARNESS.toFile()).inheritIO();
        String c = chromium();
        if (c != null) pb.environment().put("SYLVA_CHROMIUM", c);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return 127;
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }
}
