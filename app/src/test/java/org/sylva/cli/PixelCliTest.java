package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import org.sylva.project.ProjectFile;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/** {@code sylva train} and {@code sylva --headless} end to end, on real nuclei images, through the command line. */
class PixelCliTest {

    private static final String SMALL = "GaussianSmoothing@1.0,GaussianGradientMagnitude@1.6,"
            + "DifferenceOfGaussians@3.5,HessianOfGaussianEigenvalues@1.6";

    @TempDir
    static Path dir;
    static Path img, test, scribbles, testScribbles, project;

    @BeforeAll
    static void trainSmallProject() throws Exception {
        Path data = Shared.path("data/dsb2018_nuclei_stardist");
        img = Files.copy(data.resolve("img2d.tif"), dir.resolve("img2d.tif"));
        test = Files.copy(data.resolve("test_img2d.tif"), dir.resolve("test_img2d.tif"));
        // the scribble oracle of core's tests (core/src/test/resources/pixel, shipped in core's test jar)
        scribbles = resource("/pixel/scribbles_img2d.tif", dir.resolve("scribbles_img2d.tif"));
        testScribbles = resource("/pixel/scribbles_test_img2d.tif", dir.resolve("scribbles_test_img2d.tif"));
        project = dir.resolve("small.sylva");
        CliRun run = CliRun.of("train", "--raw", img.toString(), "--labels", scribbles.toString(), "--features", SMALL,
                "--trees", "20", "--seed", "3", "--class-names", "background,nucleus", "--project", project.toString());
        assertEquals(0, run.exit(), run.err());
    }

    private static Path resource(String name, Path target) throws IOException {
        try (var in = PixelCliTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource missing: " + name);
            Files.copy(in, target);
        }
        return target;
    }

    private static Path fresh(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void trainedOnScribblesTheCommandLineSegmentsNucleiAsWellAsIlastiksEngine() throws Exception {
        Path out = fresh("iou");
        Path p = out.resolve("nuclei.sylva");
        CliRun train = CliRun.of("train", "--raw", img.toString(), "--labels", scribbles.toString(), "--raw",
                test.toString(), "--labels", testScribbles.toString(), "--class-names", "background,nucleus",
                "--seed", "42", "--project", p.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("Trained on 16,800 labelled pixels in 2 images (background 9,300, nucleus"
                + " 7,500)"), train.out());
        assertTrue(train.out().matches("(?s).*Out-of-bag accuracy: \\d+\\.\\d%.*"), train.out());
        CliRun run = CliRun.of("--headless", "--project=" + p, "--export_source=Simple Segmentation",
                "--output_format=tif", "--output_filename_format=" + out + "/{nickname}_seg", "--raw_data",
                img.toString(), test.toString());
        assertEquals(0, run.exit(), run.err());
        double inter = 0, union = 0;
        Path data = Shared.path("data/dsb2018_nuclei_stardist");
        for (String[] pair : new String[][] {{"img2d_seg.tif", "mask2d.tif"}, {"test_img2d_seg.tif", "test_mask2d.tif"}}) {
            Image seg = ImageFiles.read(out.resolve(pair[0]).toString());
            Image gt = ImageFiles.read(data.resolve(pair[1]).toString());
            for (int y = 0; y < gt.shape().y(); y++) {
                for (int x = 0; x < gt.shape().x(); x++) {
                    boolean a = seg.get(0, 0, y, x, 0) == 2, b = gt.get(0, 0, y, x, 0) > 0;
                    if (a && b) inter++;
                    if (a || b) union++;
                }
            }
        }
        double vigra = new ObjectMapper().readTree(PixelCliTest.class.getResource("/pixel/scribbles.json"))
                .get("vigra_iou_mean").asDouble();
        assertTrue(inter / union >= vigra - 0.005, "IoU " + inter / union + " vs ilastik's engine " + vigra);
    }

    @Test
    void theSameSeedGivesByteIdenticalOutputsForAnyThreadCount() throws IOException {
        List<byte[]> outputs = new ArrayList<>();
        for (String threads : new String[] {"1", "2", "3", "2"}) {
            Path out = fresh("threads" + outputs.size());
            Path p = out.resolve("p.sylva");
            assertEquals(0, CliRun.of("train", "--raw", img.toString(), "--labels", scribbles.toString(), "--features",
                    SMALL, "--trees", "10", "--seed", "11", "--threads", threads, "--project", p.toString()).exit());
            CliRun run = CliRun.of("--headless", "--project=" + p, "--threads", threads, "--output_format=numpy",
                    "--output_filename_format=" + out + "/{nickname}_{result_type}", "--raw_data", test.toString());
            assertEquals(0, run.exit(), run.err());
            outputs.add(Files.readAllBytes(out.resolve("test_img2d_Probabilities.npy")));
        }
        for (int i = 1; i < outputs.size(); i++) assertArrayEquals(outputs.get(0), outputs.get(i), "run " + i);
    }

    @Test
    void ilastiksExportFlagsShapeTheFilesAsPythonReadsThem() throws Exception {
        Path out = fresh("flags");
        CliRun run = CliRun.of("--headless", "--project=" + project, "--export_source=probabilities",
                "--export_source=Simple Segmentation", "--export_source", "Uncertainty", "--output_format=hdf5",
                "--output_internal_path=/volume/pred", "--export_dtype=uint8",
                "--pipeline_result_drange=(0.0,1.0)", "--export_drange=(0,255)", "--output_axis_order=cyx",
                "--cutout_subregion=[(10,20,None),(110,220,None)]",
                "--output_filename_format=" + out + "/results/{nickname}-{result_type}", "--raw-data", test.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("test_img2d-Probabilities.h5", "test_img2d-Simple Segmentation.h5",
                "test_img2d-Uncertainty.h5"), listing(out.resolve("results")));
        // what h5py sees: the cut-out region, renormalised to 0..255 uint8, channels first, vigra axistags
        String py = Python.run("""
                import sys, json, h5py, numpy as np
                for name in sys.argv[1:]:
                    with h5py.File(name, 'r') as f:
                        d = f['volume/pred']
                        keys = ''.join(a['key'] for a in json.loads(d.attrs['axistags'])['axes'])
                        print(d.shape, d.dtype, keys, int(d[()].max()))
                """, out.resolve("results/test_img2d-Probabilities.h5").toString(),
                out.resolve("results/test_img2d-Simple Segmentation.h5").toString());
        List<String> lines = py.strip().lines().toList();
        assertEquals("(2, 100, 200) uint8 cyx 255", lines.get(0));
        assertEquals("(1, 100, 200) uint8 cyx 255", lines.get(1), "1..2 renormalised from (0, 1) is 255·k");

        // the same probabilities as numpy, default axis order (the file's yx plus c): float32 in [0, 1]
        run = CliRun.of("--headless", "--project=" + project, "--output_format=numpy",
                "--output_filename_format=" + out + "/{nickname}", test.toString());
        assertEquals(0, run.exit(), run.err());
        py = Python.run("""
                import sys, numpy as np
                p = np.load(sys.argv[1]); print(p.shape, p.dtype, bool((abs(p.sum(-1) - 1) < 1e-5).all()))
                """, out.resolve("test_img2d.npy").toString());
        Image raw = ImageFiles.read(test.toString());
        assertEquals("(" + raw.shape().y() + ", " + raw.shape().x() + ", 2) float32 True", py.strip());
    }

    @Test
    void aSequenceFormatWritesOneFilePerSliceOfAVolume() throws Exception {
        Path out = fresh("sequence");
        // a 3-slice stack of 2-D images is still 2-D data for a 2-D classifier only if processed per slice: train
        // a 3-D-free selection on a volume instead (every scale in 2-D), then export a tif sequence
        Image raw = ImageFiles.read(test.toString());
        Image vol = Image.create(raw.dtype(), Axes.of("zyx"), 3, raw.shape().y(), raw.shape().x());
        for (int z = 0; z < 3; z++) System.arraycopy(raw.plane(0, 0), 0, vol.plane(0, z), 0, raw.shape().y() * raw.shape().x());
        Path stack = out.resolve("stack.tif");
        ImageFiles.write(vol, stack, WriteOptions.DEFAULT);
        Image lab = ImageFiles.read(testScribbles.toString());
        Image labVol = Image.create(DType.UINT8, Axes.of("zyx"), 3, raw.shape().y(), raw.shape().x());
        for (int y = 0; y < raw.shape().y(); y++) {
            for (int x = 0; x < raw.shape().x(); x++) labVol.set(0, 1, y, x, 0, lab.get(0, 0, y, x, 0));
        }
        Path labels = out.resolve("stack_labels.tif");
        ImageFiles.write(labVol, labels, WriteOptions.DEFAULT);
        Path p = out.resolve("vol.sylva");
        CliRun train = CliRun.of("train", "--raw", stack.toString(), "--labels", labels.toString(), "--features",
                "GaussianSmoothing@1.0,GaussianGradientMagnitude@1.6", "--in2d", "--trees", "10", "--project",
                p.toString());
        assertEquals(0, train.exit(), train.err());
        CliRun run = CliRun.of("--headless", "--project", p.toString(), "--export_source=Simple Segmentation",
                "--output_format=png sequence", "--output_filename_format=" + out + "/seg/{nickname}_{slice_index}",
                "--raw_data", stack.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("stack_0.png", "stack_1.png", "stack_2.png"), listing(out.resolve("seg")));
        Image s0 = ImageFiles.read(out.resolve("seg/stack_0.png").toString());
        Image s2 = ImageFiles.read(out.resolve("seg/stack_2.png").toString());
        assertEquals(raw.shape().x(), s0.shape().x());
        assertTrue(s0.sameSamples(s2), "identical slices give identical segmentations");
    }

    @Test
    void manySmallImagesGoThroughOneRun() throws IOException {
        Path out = fresh("many");
        Image raw = ImageFiles.read(test.toString());
        List<String> args = new ArrayList<>(List.of("--headless", "--project=" + project,
                "--export_source=Simple Segmentation", "--output_format=tif",
                "--output_filename_format=" + out + "/seg/{nickname}", "--raw_data"));
        for (int i = 0; i < 100; i++) {
            Image crop = Image.create(raw.dtype(), Axes.of("yx"), 64, 64);
            int oy = (i * 7) % (raw.shape().y() - 64), ox = (i * 13) % (raw.shape().x() - 64);
            for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) crop.set(0, 0, y, x, 0, raw.get(0, 0, oy + y, ox + x, 0));
            Path f = out.resolve(String.format("tile%03d.tif", i));
            ImageFiles.write(crop, f, WriteOptions.DEFAULT);
            args.add(f.toString());
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        assertEquals(100, listing(out.resolve("seg")).size());
        assertTrue(run.out().contains("[100/100]"), run.out());
        assertTrue(run.out().contains("Exported 100 files for 100 of 100 images"), run.out());
    }

    @Test
    void badImagesAreNamedTheOthersStillExportedAndTheRunFails() throws IOException {
        Path out = fresh("bad");
        Path rgb = out.resolve("rgb.tif");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yxc"), 80, 90, 3), rgb, WriteOptions.DEFAULT);
        Path garbage = out.resolve("garbage.tif");
        Files.writeString(garbage, "not a tiff");
        CliRun run = CliRun.of("--headless", "--project=" + project, "--output_format=npy",
                "--output_filename_format=" + out + "/{nickname}_{result_type}", "--raw_data", rgb.toString(),
                test.toString(), garbage.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains(rgb + ": the image has 3 channels but the classifier was trained on images"
                + " with 1"), run.err());
        assertTrue(run.err().contains(garbage + ": not a TIFF file"), run.err());
        assertTrue(run.err().contains("2 images failed"), run.err());
        assertEquals(List.of("garbage.tif", "rgb.tif", "test_img2d_Probabilities.npy"), listing(out));

        CliRun fast = CliRun.of("--headless", "--project=" + project, "--fail-fast",
                "--output_filename_format=" + out + "/f/{nickname}", "--raw_data", rgb.toString(), test.toString());
        assertEquals(1, fast.exit());
        assertFalse(Files.exists(out.resolve("f")), "--fail-fast stops before the second image");
    }

    @Test
    void anUnwritableOutputFolderIsAnErrorAndNothingIsWritten() throws Exception {
        Path out = fresh("ro");
        Path ro = Files.createDirectories(out.resolve("locked"));
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (Files.isWritable(ro)) {
                immutable = new ProcessBuilder("chattr", "+i", ro.toString()).start().waitFor() == 0;
                org.junit.jupiter.api.Assumptions.assumeTrue(immutable && !Files.isWritable(ro),
                        "cannot make a folder unwritable here");
            }
            CliRun run = CliRun.of("--headless", "--project=" + project, "--output_filename_format=" + ro
                    + "/{nickname}", "--raw_data", test.toString());
            assertEquals(1, run.exit());
            assertTrue(run.err().contains(ro.resolve("test_img2d.h5") + ": cannot write: folder " + ro
                    + " is not writable"), run.err());
        } finally {
            if (immutable) new ProcessBuilder("chattr", "-i", ro.toString()).start().waitFor();
            Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals(List.of(), listing(ro));
    }

    @Test
    void trainingRefusesBadLabelsAndNeverDamagesAnExistingProject() throws IOException {
        Path out = fresh("badtrain");
        Path p = out.resolve("p.sylva");
        Files.copy(project, p);
        byte[] before = Files.readAllBytes(p);
        Path small = out.resolve("small_labels.tif");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 30, 40), small, WriteOptions.DEFAULT);
        CliRun shape = CliRun.of("train", "--raw", img.toString(), "--labels", small.toString(), "--project",
                p.toString(), "--overwrite");
        assertEquals(1, shape.exit());
        assertTrue(shape.err().startsWith("sylva: error: " + small + ": the label image is y=30 x=40 but the image"
                + " is y="), shape.err());
        CliRun noLabels = CliRun.of("train", "--raw", img.toString(), "--labels", scribbles.toString(),
                "--class-names", "background,nucleus,mitosis", "--project", p.toString(), "--overwrite");
        assertEquals(1, noLabels.exit());
        assertTrue(noLabels.err().contains("class 'mitosis' (label value 3) has no labelled pixels"), noLabels.err());
        CliRun exists = CliRun.of("train", "--raw", img.toString(), "--labels", scribbles.toString(), "--project",
                p.toString());
        assertEquals(1, exists.exit());
        assertTrue(exists.err().contains(p + ": exists; give --overwrite to replace it"), exists.err());
        assertArrayEquals(before, Files.readAllBytes(p), "the project is untouched");
        assertEquals(List.of("p.sylva", "small_labels.tif"), listing(out));
    }

    @Test
    void aCorruptProjectIsAClearError() throws IOException {
        Path out = fresh("corrupt");
        Path p = out.resolve("broken.sylva");
        byte[] good = Files.readAllBytes(project);
        Files.write(p, java.util.Arrays.copyOf(good, good.length / 2));
        CliRun run = CliRun.of("--headless", "--project=" + p, "--raw_data", test.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("sylva: error: " + p + ": "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        Path text = out.resolve("text.sylva");
        Files.writeString(text, "hello");
        run = CliRun.of("--headless", "--project=" + text, "--raw_data", test.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("sylva: error: " + text + ": "), run.err());
        assertEquals(List.of("broken.sylva", "text.sylva"), listing(out));
    }

    @Test
    void retrainingSavesOnlyWhenNotReadOnlyAndWritesVariableImportance() throws IOException {
        Path out = fresh("retrain");
        Path p = Files.copy(project, out.resolve("p.sylva"));
        byte[] before = Files.readAllBytes(p);
        CliRun ro = CliRun.of("--headless", "--project=" + p, "--retrain", "--tree-count", "5");
        assertEquals(0, ro.exit(), ro.err());
        assertTrue(ro.out().contains("Trained 5 trees"), ro.out());
        assertTrue(ro.err().contains("was not saved (read-only: give --readonly false to save it)"), ro.err());
        assertArrayEquals(before, Files.readAllBytes(p));
        CliRun rw = CliRun.of("--headless", "--project=" + p, "--retrain", "--tree-count", "5", "--readonly",
                "false", "--variable-importance-path", out.resolve("imp").toString());
        assertEquals(0, rw.exit(), rw.err());
        assertEquals(5, ProjectFile.read(p).project().treeCount());
        assertEquals(5, ProjectFile.read(p).project().classifier().orElseThrow().forest().treeCount());
        List<String> imp = Files.readAllLines(out.resolve("imp/varimp.txt"));
        assertEquals(1 + 5, imp.size(), "a header and one line per feature channel: " + imp);
        assertTrue(imp.get(1).startsWith("Gaussian Smoothing (σ=1.0) in 2D\t"), imp.get(1));
    }

    @Test
    void ilastikOptionsSylvaLacksAreNamedAndUsageErrorsExitWithTwo() {
        CliRun random = CliRun.of("--headless", "--project=" + project, "--generate-random-labels");
        assertEquals(1, random.exit());
        assertTrue(random.err().contains("--generate-random-labels is an ilastik option Sylva does not support"),
                random.err());
        CliRun source = CliRun.of("--headless", "--project=" + project, "--export_source=Segmentation", test.toString());
        assertEquals(1, source.exit());
        assertTrue(source.err().contains("unknown export source 'Segmentation'"), source.err());
        CliRun typo = CliRun.of("--headless", "--project=" + project, "--export_sorce=Probabilities", test.toString());
        assertEquals(2, typo.exit());
        CliRun none = CliRun.of("--headless", "--project=" + project);
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no images to process"), none.err());
        CliRun ignored = CliRun.of("--headless", "--debug", "--readonly", "--logfile", "/dev/null",
                "--project=" + project, "--output_filename_format=" + dir + "/ign/{nickname}", "--raw_data",
                test.toString());
        assertEquals(0, ignored.exit(), ignored.err());
    }
}
