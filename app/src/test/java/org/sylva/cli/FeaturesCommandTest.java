package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;

class FeaturesCommandTest {

    private static final Path BLOBS = shared("data/bian_blobs_annotated/blobs.tif");
    private static final Path NUCLEI_3D = shared("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif");

    @TempDir
    Path dir;

    @Test
    void writesTheEngineFeaturesChannelsLastInEveryFormat() throws IOException {
        String list = "GaussianSmoothing@0.7,StructureTensorEigenvalues@1.6,HessianOfGaussianEigenvalues@3.5";
        Image expected;
        try (Workers w = new Workers(2)) {
            expected = new FeatureEngine(FeatureSelection.parse(list), w).compute(ImageFiles.read(BLOBS.toString()));
        }
        for (String name : new String[]{"f.npy", "f.h5", "f.tif"}) {
            Path out = dir.resolve(name);
            CliRun run = CliRun.of("features", "--raw", BLOBS.toString(), "--features", list, "--out", out.toString());
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains("5 feature channels"), run.out());
            // .npy has no axis metadata (ilastik would guess zyx for 254×256×5); h5 and tif carry their axes
            Image got = name.endsWith(".npy") ? ImageFiles.read(out.toString(), ReadOptions.withAxes("yxc"))
                    : ImageFiles.read(out.toString());
            assertEquals(5, got.shape().c(), name);
            assertArrayEquals((float[]) expected.toArray(expected.axes()), (float[]) got.toArray(expected.axes()), name);
        }
        assertEquals("yxc", ImageFiles.read(dir.resolve("f.h5").toString()).axes().letters());
    }

    @Test
    void volumesGiveZyxcAndIn2dChangesTheChannelNamesNotTheCount() throws IOException {
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        assertEquals(0, CliRun.of("features", "--raw", NUCLEI_3D.toString(), "--features", "HessianOfGaussianEigenvalues@1.0",
                "--out", a.toString()).exit());
        assertEquals(0, CliRun.of("features", "--raw", NUCLEI_3D.toString(), "--features", "HessianOfGaussianEigenvalues@1.0",
                "--in2d", "--out", b.toString()).exit());
        Image three = ImageFiles.read(a.toString(), ReadOptions.withAxes("zyxc"));
        Image two = ImageFiles.read(b.toString(), ReadOptions.withAxes("zyxc"));
        assertEquals(3, three.shape().c());      // three eigenvalues in 3D
        assertEquals(2, two.shape().c());        // two per slice in 2D
        assertEquals(37, three.shape().z());
    }

    @Test
    void badInputGetsOneLineNamingTheFileAndLeavesNothingBehind() throws IOException {
        Files.writeString(dir.resolve("garbage.tif"), "not a tiff");
        Files.write(dir.resolve("truncated.tif"), java.util.Arrays.copyOf(Files.readAllBytes(BLOBS), 3000));
        Files.copy(BLOBS, dir.resolve("blobs.weird"));
        Path out = dir.resolve("out.npy");
        String[][] cases = {
            {dir.resolve("missing.tif").toString(), "file not found"},
            {dir.resolve("garbage.tif").toString(), "not a TIFF file"},
            {dir.resolve("truncated.tif").toString(), "truncated file"},
            {dir.resolve("blobs.weird").toString(), "unknown image format '.weird'"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of("features", "--raw", c[0], "--out", out.toString());
            assertEquals(1, run.exit(), c[0]);
            assertTrue(run.err().startsWith("sylva: error: " + c[0] + ": " + c[1]), run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        }
        CliRun axes = CliRun.of("features", "--raw", BLOBS.toString(), "--axes", "zyx", "--out", out.toString());
        assertEquals(1, axes.exit());
        assertTrue(axes.err().contains(BLOBS + ": --axes 'zyx' has 3 letters but the data has 2 dimensions"), axes.err());
        CliRun format = CliRun.of("features", "--raw", BLOBS.toString(), "--out", dir.resolve("out.xyz").toString());
        assertEquals(1, format.exit());
        assertTrue(format.err().contains("out.xyz: unknown image format '.xyz'"), format.err());
        CliRun folder = CliRun.of("features", "--raw", BLOBS.toString(), "--out", dir.resolve("no/such/out.npy").toString());
        assertEquals(1, folder.exit());
        assertTrue(folder.err().contains("does not exist"), folder.err());
        CliRun list = CliRun.of("features", "--raw", BLOBS.toString(), "--features", "Gauss@1", "--out", out.toString());
        assertEquals(1, list.exit());
        assertTrue(list.err().contains("--features Gauss@1: unknown feature 'Gauss'"), list.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("out")
                    || p.getFileName().toString().contains(".part")), "no output or temporary file may be left");
        }
    }

    @Test
    void anImageTooSmallForTheScalesGetsIlastiksAdvice() throws IOException {
        Path small = dir.resolve("small.npy");
        Image crop = ImageFiles.read(BLOBS.toString());
        Image tiny = Image.create(crop.dtype(), crop.axes(), 20, 30);
        ImageFiles.write(tiny, small, org.sylva.io.WriteOptions.DEFAULT);
        CliRun run = CliRun.of("features", "--raw", small.toString(), "--out", dir.resolve("o.npy").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains(small + ": Feature Selection:"), run.err());
        assertTrue(run.err().contains("σ=10.0 needs at least 36 pixels"), run.err());
        assertTrue(run.err().contains("Select smaller scales"), run.err());
    }

    @Test
    void usageErrorsExitWithTwoAndHelpAndVersionWithZero() {
        CliRun missing = CliRun.of("features", "--out", "x.npy");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required option: '--raw=IMAGE'"), missing.err());
        CliRun help = CliRun.of("features", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("FeatureId@sigma"));
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("sylva "), version.out());
    }

    static Path shared(String rel) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(rel);
            if (Files.exists(p)) return p;
        }
        throw new AssertionError("missing shared test input " + rel);
    }
}
