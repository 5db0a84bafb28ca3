package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Python;

class DemoCommandTest {

    @Test
    void theDemoSegmentsTheBlobsAsIlastiksEngineDoesAndSaysWhereTheFilesAre(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("demo", "--out", dir.toString(), "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        Path probs = dir.resolve("blobs_Probabilities.tif"), seg = dir.resolve("blobs_Simple Segmentation.tif");
        Path png = dir.resolve("blobs_overlay.png");
        for (Path p : new Path[] {probs, seg, png, dir.resolve("README.md"), dir.resolve("blobs.tif"),
            dir.resolve("blobs.sylva")}) {
            assertTrue(Files.isRegularFile(p), p + " missing");
        }
        assertTrue(run.out().contains(probs.toString()) && run.out().contains(seg.toString())
                && run.out().contains(png.toString()), run.out());
        assertTrue(run.out().contains("Trained on 1,098 labelled pixels (background 737, blob 361)"), run.out());

        // ilastik's engine (ilastik features on vigra + vigra forest) with the same scribbles, and how much two of
        // its own forests disagree: ours must agree with it as well as its forests agree with each other
        Path res = Path.of(DemoCommandTest.class.getResource("/demo/vigra_agreement.json").toURI()).getParent();
        JsonNode oracle = new ObjectMapper().readTree(res.resolve("vigra_agreement.json").toFile());
        Image ours = ImageFiles.read(seg.toString());
        Image vigra = ImageFiles.read(res.resolve("blobs_vigra_segmentation.tif").toString());
        double inter = 0, union = 0;
        for (int y = 0; y < 254; y++) {
            for (int x = 0; x < 256; x++) {
                boolean a = ours.get(0, 0, y, x, 0) == 2, b = vigra.get(0, 0, y, x, 0) == 2;
                if (a && b) inter++;
                if (a || b) union++;
            }
        }
        double iou = inter / union, floor = oracle.get("vigra_pairwise_iou_min").asDouble() - 0.01;
        assertTrue(iou >= floor, "IoU with ilastik's engine " + iou + " < " + floor);

        // the project it saved works in headless mode, as the demo suggests, and gives the same segmentation
        Path project = dir.resolve("blobs.sylva");
        assertTrue(org.sylva.project.ProjectFile.read(project).project().classifier().isPresent());
        CliRun headless = CliRun.of("--headless", "--project=" + project, "--export_source=Simple Segmentation",
                "--output_format=tif", "--output_filename_format=" + dir + "/again/{nickname}",
                "--raw_data", dir.resolve("blobs.tif").toString());
        assertEquals(0, headless.exit(), headless.err());
        assertTrue(ours.sameSamples(ImageFiles.read(dir.resolve("again/blobs.tif").toString())));

        // what a user's Python sees: probabilities (c, y, x) summing to 1, the overlay an RGB picture
        String py = Python.run("""
                import sys, tifffile, numpy as np, vigra
                p = tifffile.imread(sys.argv[1]); s = tifffile.imread(sys.argv[2])
                png = vigra.impex.readImage(sys.argv[3])
                print(p.shape, p.dtype, float(np.abs(p.sum(0) - 1).max()) < 1e-6, s.dtype,
                      bool(((np.argmax(p, 0) + 1) == s).all()), png.shape, png.dtype)
                """, probs.toString(), seg.toString(), png.toString());
        assertEquals("(2, 254, 256) float32 True uint8 True (776, 254, 3) float32", py.trim());
    }
}
