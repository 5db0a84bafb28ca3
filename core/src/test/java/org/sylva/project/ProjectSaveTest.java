package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Box;
import org.sylva.io.ReadOptions;

/** A save is all or nothing: whatever goes wrong, and whenever the process dies, the previous project is intact. */
class ProjectSaveTest {

    @TempDir
    Path dir;

    /** A stream that fails like a full disk once {@code limit} bytes were written (or when it is closed). */
    private static final class FailingStream extends FilterOutputStream {
        private final long limit;
        private final boolean failOnClose;
        private long written;

        FailingStream(OutputStream out, long limit, boolean failOnClose) {
            super(out);
            this.limit = limit;
            this.failOnClose = failOnClose;
        }

        @Override
        public void write(int b) throws IOException {
            if (written++ >= limit) throw new IOException("No space left on device");
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) write(b[off + i]);
        }

        @Override
        public void close() throws IOException {
            super.close();
            if (failOnClose) throw new IOException("Input/output error");
        }
    }

    @Test
    void aSaveThatFailsAnywhereLeavesThePreviousFileByteIdenticalAndNoTemporaryFile() throws Exception {
        Path data = dir.resolve("data");
        SylvaProject p = ProjectFixtures.trained(ProjectFixtures.blobs(data.resolve("blobs.tif")));
        Path projects = Files.createDirectories(dir.resolve("projects"));
        Path file = projects.resolve("p.sylva");
        SylvaProject saved = ProjectFile.write(p, file);
        byte[] before = Files.readAllBytes(file);
        assertEquals(List.of("p.sylva"), ProjectFixtures.listing(projects));

        // the next version: more labels, so the failure can hit the manifest, label blocks, the forest or the end
        SylvaProject next = saved.withLabels(0, saved.labels(0).fill(0, new Box(0, 200, 0, 1, 54, 256), 1));
        Path probe = dir.resolve("probe.sylva");
        ProjectFile.write(next, probe);
        long size = Files.size(probe);
        List<Long> limits = new ArrayList<>(List.of(0L, 1L, 30L, 200L, 1000L, size / 3, size / 2, size - 100, size - 1));
        for (long limit : limits) {
            IOException e = assertThrows(IOException.class, () -> ProjectFile.write(next, file,
                    ProjectFile.SaveOptions.DEFAULT, out -> new FailingStream(out, limit, false)), "limit " + limit);
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "previous project changed after a failure at byte " + limit);
            assertEquals(List.of("p.sylva"), ProjectFixtures.listing(projects), "left behind after byte " + limit);
        }
        assertThrows(IOException.class, () -> ProjectFile.write(next, file, ProjectFile.SaveOptions.DEFAULT,
                out -> new FailingStream(out, Long.MAX_VALUE, true)));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("p.sylva"), ProjectFixtures.listing(projects));

        // the failures changed nothing: the save still works, and the previous file becomes the backup
        ProjectFile.write(next, file);
        assertArrayEquals(before, Files.readAllBytes(ProjectFile.backupOf(file)));
        assertEquals(List.of("p.sylva", "p.sylva.bak"), ProjectFixtures.listing(projects));
        assertEquals(next.labels(0), ProjectFile.read(file).project().labels(0));
        assertEquals(saved.labels(0), ProjectFile.read(ProjectFile.backupOf(file)).project().labels(0));
    }

    @Test
    void theBackupIsOneGenerationAndCanBeTurnedOff() throws Exception {
        Path file = dir.resolve("p.sylva");
        SylvaProject a = ProjectFile.write(ProjectFixtures.blobs(dir.resolve("blobs.tif")), file);
        byte[] first = Files.readAllBytes(file);
        SylvaProject b = ProjectFile.write(a.withNotes("second"), file);
        byte[] second = Files.readAllBytes(file);
        assertArrayEquals(first, Files.readAllBytes(ProjectFile.backupOf(file)));
        SylvaProject c = ProjectFile.write(b.withNotes("third"), file);
        assertArrayEquals(second, Files.readAllBytes(ProjectFile.backupOf(file)));
        ProjectFile.write(c.withNotes("fourth"), file, ProjectFile.SaveOptions.DEFAULT.withoutBackup());
        assertArrayEquals(second, Files.readAllBytes(ProjectFile.backupOf(file)), "the backup was replaced");
        assertEquals("fourth", ProjectFile.read(file).project().info().notes());
    }

    @Test
    void savingOverChangesMadeElsewhereIsRefusedUnlessAsked() throws Exception {
        Path file = dir.resolve("p.sylva");
        ProjectFile.write(ProjectFixtures.blobs(dir.resolve("blobs.tif")), file);
        SylvaProject window1 = ProjectFile.read(file).project();
        SylvaProject window2 = ProjectFile.read(file).project();
        ProjectFile.write(window1.withNotes("from window 1"), file);
        ProjectFormatException e = assertThrows(ProjectFormatException.class,
                () -> ProjectFile.write(window2.withNotes("from window 2"), file));
        assertTrue(e.getMessage().startsWith(file + ": the file was saved by someone else"), e.getMessage());
        assertEquals("from window 1", ProjectFile.read(file).project().info().notes());
        ProjectFile.write(window2.withNotes("from window 2"), file, ProjectFile.SaveOptions.DEFAULT.overwriting());
        assertEquals("from window 2", ProjectFile.read(file).project().info().notes());

        // a new project over an existing one: refused unless asked
        SylvaProject fresh = SylvaProject.create(List.of(DataLane.open(dir.resolve("blobs.tif").toString(),
                ReadOptions.DEFAULT)), ProjectFixtures.features(), window1.classes());
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectFile.write(fresh, file)).getMessage()
                .contains("exists already"));
        ProjectFile.write(fresh, file, ProjectFile.SaveOptions.DEFAULT.overwriting());
        assertTrue(ProjectFile.read(file).project().labels(0).isEmpty());
    }

    @Test
    void aSaveToAFolderOrAMissingFolderSaysSo() throws Exception {
        SylvaProject p = ProjectFixtures.blobs(dir.resolve("blobs.tif"));
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectFile.write(p, dir)).getMessage()
                .contains("is a folder"));
        assertTrue(assertThrows(IOException.class, () -> ProjectFile.write(p, dir.resolve("no/such/p.sylva")))
                .getMessage().contains("does not exist"));
    }

    @Test
    void aKilledSaveLeavesACompleteProject() throws Exception {
        Path data = dir.resolve("data");
        SylvaProject p = ProjectFixtures.blobs(data.resolve("blobs.tif"));
        // some megabytes of embedded data make every save take a while, so that kills land in the middle of one
        ProjectFixtures.copy("data/neubias_multichannel_cells/xyc_8bit__tub_h2b_cecog_battery.tif", data.resolve("big.tif"));
        p = p.addLane(DataLane.open(data.resolve("big.tif").toString(), ReadOptions.DEFAULT).withEmbed(true));
        Path file = dir.resolve("p.sylva");
        ProjectFile.write(p, file);

        Random rnd = new Random(7);
        int interrupted = 0;
        // about half the kills land inside a save; go on until two did (at most 12 runs)
        for (int run = 0; run < 12 && !(run >= 4 && interrupted >= 2); run++) {
            SparseLabels initial = ProjectFile.read(file).project().labels(1);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    SaveLoop.class.getName(), file.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            while (first != null && first.startsWith("WARNING")) first = out.readLine();   // the JVM's incubator notice
            assertTrue(first != null && first.startsWith("saved "), "the save loop did not start: " + first);
            Thread.sleep(50 + rnd.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            List<String> left = ProjectFixtures.listing(dir);
            if (left.stream().anyMatch(n -> n.endsWith(".part"))) interrupted++;
            ProjectFile.Loaded back = ProjectFile.read(file);
            String notes = back.project().info().notes();
            int n = notes.isEmpty() ? 0 : Integer.parseInt(notes.substring("save ".length()));
            // labels and notes come from one and the same save
            SparseLabels expected = initial;
            for (int k = 1; k <= n; k++) expected = expected.fill(0, new Box(0, k % 500, 700, 1, 1, 1), 1);
            assertEquals(expected, back.project().labels(1), "run " + run + ", " + notes);
            assertEquals(p.labels(0), back.project().labels(0));
            // the kill left at most a temporary file; remove it as a user would, and go on from this save
            for (String name : left) if (name.endsWith(".part")) Files.delete(dir.resolve(name));
            ProjectFile.read(ProjectFile.backupOf(file));   // the backup is a complete project too
        }
        assertTrue(interrupted > 0, "no kill landed in the middle of a save; the test proved nothing");
    }
}
