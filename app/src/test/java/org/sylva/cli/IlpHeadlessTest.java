package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/** ilastik's own projects through {@code sylva --headless}: ilastik's stored forests give ilastik's numbers. */
class IlpHeadlessTest {

    private static Path fixtures() {
        return Shared.path("fixtures/ilastik/pixel");
    }

    /** A copy of the fixture folder, so that nothing is written beside the shared fixtures. */
    private static Path copy(Path dir, String... names) throws IOException {
        for (String n : names) Files.copy(fixtures().resolve(n), dir.resolve(n));
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PixelClass.ilp, Data_1channel.png, res-Data_1channel_pc1xyc.npy",
                "PixelClass3D.ilp, Data_3D.npy, res-Data_3D_pc3d.npy"})
    void ilastiksStoredForestsReproduceIlastiksProbabilities(String project, String input, String reference,
                                                            @TempDir Path dir) throws IOException {
        copy(dir, project, input);
        CliRun run = CliRun.of("--headless", "--project=" + dir.resolve(project), "--export_source=Probabilities",
                "--output_format=numpy", "--output_filename_format=" + dir + "/out/{nickname}",
                "--raw_data", dir.resolve(input).toString());
        assertEquals(0, run.exit(), run.err());
        Image got = ImageFiles.read(dir.resolve("out").resolve(input.replaceAll("\\..*$", ".npy")).toString());
        Image ref = ImageFiles.read(fixtures().resolve(reference).toString());
        float[] g = (float[]) got.toArray(got.axes()), r = (float[]) ref.toArray(ref.axes());
        assertEquals(r.length, g.length);
        int off = 0;
        double worst = 0;
        for (int i = 0; i < r.length; i++) {
            double d = Math.abs(r[i] - g[i]);
            worst = Math.max(worst, d);
            if (d >= 0.015) off++;
        }
        // ilastik's tolerance (spec §2.5): ≤ 0.1 % of values off by ≥ 0.015, none by ≥ 0.15
        assertTrue(off <= 0.001 * r.length, off + " of " + r.length + " values differ by ≥ 0.015");
        assertTrue(worst < 0.15, "worst difference " + worst);
    }

    @Test
    void aProjectWithoutClassifierTrainsFromItsLabelsThenPredicts(@TempDir Path dir) throws IOException {
        // PixelClassNoClassifier.ilp stores no labels: give it PixelClass.ilp's (the same image) with h5py
        copy(dir, "PixelClassNoClassifier.ilp", "Data_1channel.png");
        Path ilp = dir.resolve("PixelClassNoClassifier.ilp");
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as src, h5py.File(sys.argv[2], 'r+') as dst:
                    del dst['PixelClassification/LabelSets/labels000']
                    src.copy('PixelClassification/LabelSets/labels000', dst['PixelClassification/LabelSets'])
                """, fixtures().resolve("PixelClass.ilp").toString(), ilp.toString());
        CliRun run = CliRun.of("--headless", "--project=" + ilp, "--export_source=Simple Segmentation",
                "--output_format=numpy", "--output_filename_format=" + dir + "/{nickname}_seg",
                "--raw_data", dir.resolve("Data_1channel.png").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("has no up-to-date classifier; training one from its labels"), run.err());
        assertTrue(run.out().contains("Trained 100 trees"), run.out());
        // a new forest on ilastik's labels segments like ilastik's forest did
        Image seg = ImageFiles.read(dir.resolve("Data_1channel_seg.npy").toString());
        Image ref = ImageFiles.read(fixtures().resolve("res-Data_1channel_pc1xyc.npy").toString());
        int agree = 0, n = 128 * 128;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                int ilastik = ref.get(0, 0, y, x, 1) > ref.get(0, 0, y, x, 0) ? 2 : 1;
                if ((int) seg.get(0, 0, y, x, 0) == ilastik) agree++;
            }
        }
        assertTrue(agree >= 0.95 * n, agree + " of " + n + " pixels agree with ilastik's segmentation");
    }

    @Test
    void aProjectWithNeitherLabelsNorClassifierIsAClearError(@TempDir Path dir) throws IOException {
        copy(dir, "PixelClassNoClassifier.ilp", "Data_1channel.png");
        CliRun run = CliRun.of("--headless", "--project=" + dir.resolve("PixelClassNoClassifier.ilp"),
                "--raw_data", dir.resolve("Data_1channel.png").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("PixelClassNoClassifier.ilp: cannot train: the project has no labels to train"
                + " from"), run.err());
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "nothing written");
        }
    }
}
