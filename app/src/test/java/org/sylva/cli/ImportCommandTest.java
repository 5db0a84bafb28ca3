package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.SylvaProject;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/** {@code sylva import}: an ilastik project becomes a .sylva that loads; bad input ends in one line and no file. */
class ImportCommandTest {

    private static final Path PIXEL = Shared.path("fixtures/ilastik/pixel");

    @TempDir
    Path dir;

    @Test
    void writesAProjectThatLoadsAndSaysWhatWasImported() throws Exception {
        Path ilp = PIXEL.resolve("PixelClass3D.ilp");
        Path target = dir.resolve("p.sylva");
        CliRun run = CliRun.of("import", ilp.toString(), "--project", target.toString());
        assertEquals(0, run.exit(), run.err());

        // labelled pixels per class as h5py counts them in the stored label blocks
        String counts = Python.run(String.join("\n",
                "import h5py, numpy as np, sys",
                "s = h5py.File(sys.argv[1], 'r')['PixelClassification/LabelSets/labels000']",
                "v = np.concatenate([s[b][()].ravel() for b in s])",
                "print(int((v == 1).sum()), int((v == 2).sum()))"), ilp.toString()).strip();
        String[] n = counts.split(" ");
        assertTrue(run.out().contains("Imported " + ilp + " (ilastik 1.4.1b15)\n"), run.out());
        assertTrue(run.out().contains("Images: 1\n  Data_3D: 64×64×64, 1 channel, uint8, " + PIXEL.resolve("Data_3D.npy")),
                run.out());
        assertTrue(run.out().contains("Labels: " + (Integer.parseInt(n[0]) + Integer.parseInt(n[1]))
                + " labelled pixels: Label 1 (#ffe119) " + n[0] + ", Label 2 (#0082c8) " + n[1] + "\n"), run.out());
        assertTrue(run.out().contains("Features: 11 channels: GaussianSmoothing@0.3,"), run.out());
        assertTrue(run.out().contains("Classifier: ilastik's trained forest, kept (100 trees)\n"), run.out());
        assertTrue(run.out().contains("retraining (after editing labels or features) gives a different forest"),
                run.out());
        assertTrue(run.out().contains("Saved " + target + " ("), run.out());

        ProjectFile.Loaded loaded = ProjectFile.read(target);
        assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
        SylvaProject p = loaded.project();
        assertTrue(p.classifier().isPresent());
        assertEquals(Integer.parseInt(n[0]), p.labels(0).countsPerLabel()[1]);
        assertEquals(Integer.parseInt(n[1]), p.labels(0).countsPerLabel()[2]);
    }

    @Test
    void refusesToReplaceAProjectUnlessAskedTo() throws Exception {
        Path target = dir.resolve("p.sylva");
        String ilp = PIXEL.resolve("PixelClass.ilp").toString();
        assertEquals(0, CliRun.of("import", ilp, "--project", target.toString()).exit());
        byte[] before = Files.readAllBytes(target);

        CliRun again = CliRun.of("import", PIXEL.resolve("PixelClass3D.ilp").toString(), "--project", target.toString());
        assertEquals(1, again.exit());
        assertEquals("sylva: error: " + target + ": exists; give --overwrite to replace it\n", again.err());
        assertArrayEquals(before, Files.readAllBytes(target));

        CliRun forced = CliRun.of("import", PIXEL.resolve("PixelClass3D.ilp").toString(), "--project",
                target.toString(), "--overwrite");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals("Data_3D", ProjectFile.read(target).project().lanes().get(0).name());
        assertArrayEquals(before, Files.readAllBytes(ProjectFile.backupOf(target)), "the previous project is the .bak");
    }

    @Test
    void badInputEndsInOneLineAndWritesNothing() throws Exception {
        byte[] whole = Files.readAllBytes(PIXEL.resolve("PixelClass.ilp"));
        Path truncated = Files.write(dir.resolve("truncated.ilp"), Arrays.copyOf(whole, whole.length / 2));
        Path text = Files.writeString(dir.resolve("notes.ilp"), "these are my notes, not a project\n");
        Path autocontext = Shared.path("data/ilastik_2d_cells_apoptotic/ac.ilp");
        List<String> inputs = List.of("notes.ilp", "truncated.ilp");

        for (Path bad : List.of(truncated, text, autocontext)) {
            CliRun run = CliRun.of("import", bad.toString(), "--project", dir.resolve("out.sylva").toString());
            assertEquals(1, run.exit(), bad + ": " + run.err());
            assertTrue(run.err().startsWith("sylva: error: " + bad + ": "), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertEquals("", run.out());
            assertEquals(inputs, list(dir), "nothing written");
        }
        assertTrue(CliRun.of("import", truncated.toString(), "--project", dir.resolve("x.sylva").toString()).err()
                .contains("truncated"));
        assertTrue(CliRun.of("import", autocontext.toString(), "--project", dir.resolve("o.sylva").toString()).err()
                .contains("this workflow is not supported yet: AutocontextTwoStage"));
        assertEquals(2, CliRun.of("import", text.toString()).exit(), "--project is required");
        CliRun wrongName = CliRun.of("import", PIXEL.resolve("PixelClass.ilp").toString(), "--project",
                dir.resolve("p.ilp").toString());
        assertEquals("sylva: error: " + dir.resolve("p.ilp") + ": a project file name must end in .sylva\n",
                wrongName.err());
        assertEquals(inputs, list(dir));
    }

    @Test
    void aProjectWithoutItsDataImportsAndNamesTheMissingFile() throws Exception {
        Path ilp = Files.copy(PIXEL.resolve("PixelClass3D.ilp"), dir.resolve("PixelClass3D.ilp"));
        Path target = dir.resolve("p.sylva");
        CliRun run = CliRun.of("import", ilp.toString(), "--project", target.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("  Data_3D: 64×64×64, 1 channel, missing: " + dir.resolve("Data_3D.npy") + "\n"),
                run.out());
        assertTrue(run.out().contains("  - lane 0 'Data_3D': raw data not found: 'Data_3D.npy' (looked for "
                + dir.resolve("Data_3D.npy") + "); imported without it"), run.out());
        DataLane lane = ProjectFile.read(target).project().lanes().get(0);
        assertEquals(DataLane.State.MISSING, lane.status().state());
    }

    @Test
    void dataInsideTheIlpIsWrittenBesideTheProjectAndNotReplacedUnlessAsked() throws Exception {
        Path ilp = Shared.path("data/ilastik_2d_cells_apoptotic/pc.ilp");
        Path target = dir.resolve("cells.sylva");
        CliRun run = CliRun.of("import", ilp.toString(), "--project", target.toString());
        assertEquals(0, run.exit(), run.err());
        Path data = dir.resolve("cells_data/2d_cells_apoptotic_1channel.h5");
        assertTrue(run.out().contains("the image stored inside the .ilp was written to " + data), run.out());
        assertTrue(ProjectFile.read(target).project().lanes().get(0).isAvailable());

        Files.delete(target);
        CliRun again = CliRun.of("import", ilp.toString(), "--project", target.toString());
        assertEquals(1, again.exit());
        assertEquals("sylva: error: " + data + ": exists (from an earlier import?); give --overwrite to replace it,"
                + " or choose another project name\n", again.err());
        assertFalse(Files.exists(target));
        assertEquals(0, CliRun.of("import", ilp.toString(), "--project", target.toString(), "--overwrite").exit());
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
