package org.sylva.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python snippet with the system interpreter ({@code /usr/bin/python3}, which has Debian's numpy,
 * tifffile, h5py, scipy, scikit-image, vigra; {@code .ci/run} installs them). Used by tests that check our files
 * against an independent reader. A missing interpreter or package fails the test: it is a real check.
 */
public final class Python {

    private static final String EXE = System.getenv().getOrDefault("SYLVA_PYTHON", "/usr/bin/python3");

    private Python() {}

    /** Runs {@code script} with {@code args} as {@code sys.argv[1:]}; returns stdout, fails with stderr on error. */
    public static String run(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(EXE, "-c", script));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("python failed (exit " + p.exitValue() + "):\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + EXE + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
