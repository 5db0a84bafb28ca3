package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which subcommand a command line reaches, and how failed file operations are reported. */
class MainRoutingTest {

    @Test
    void noArgumentsOrOptionsAloneGoToTheApp() {
        assertArrayEquals(new String[]{"app"}, Main.route(new String[0]));
        assertArrayEquals(new String[]{"app", "--no-browser", "--port", "8080"},
                Main.route(new String[]{"--no-browser", "--port", "8080"}));
    }

    @Test
    void subcommandsHelpVersionAndTheHeadlessFormAreKept() {
        String[] features = {"features", "--raw", "a.tif", "--out", "b.npy"};
        assertArrayEquals(features, Main.route(features));
        for (String own : new String[]{"--help", "-h", "--version", "-V"}) {
            assertArrayEquals(new String[]{own}, Main.route(new String[]{own}));
        }
        assertArrayEquals(new String[]{"headless", "--project=p.ilp", "raw.tif"},
                Main.route(new String[]{"--project=p.ilp", "--headless", "raw.tif"}));
    }

    @Test
    void anAppOptionWithoutTheSubcommandReachesTheAppAndAMissingFolderIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder").resolve("project.sylva");
        CliRun run = CliRun.of("--no-browser", missing.toString());
        // the app's own error (exit 1), not a usage error of the top-level command (exit 2)
        assertEquals(Main.ERROR, run.exit(), run.err());
        assertTrue(run.err().contains("no-such-folder") && run.err().contains("no such file or directory"),
                run.err());
    }

    @Test
    void fileSystemFailuresSayWhatIsWrongWithTheFile() {
        StringWriter text = new StringWriter();
        assertEquals(Main.ERROR, Main.report(new NoSuchFileException("/data/x.tif"), new PrintWriter(text, true)));
        assertEquals("sylva: error: /data/x.tif: no such file or directory", text.toString().trim());
        assertEquals("/data/out: permission denied", Main.describe(new AccessDeniedException("/data/out")));
    }
}
