package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Box;
import org.sylva.io.ImageFiles;
import org.sylva.pixel.LabelClass;
import org.sylva.testing.Shared;

/**
 * Old format versions load: a committed version-0 project (written by Python, {@code make_v0.py}) opens with all its
 * content, and saving it writes the current version.
 */
class ProjectLegacyTest {

    /** The strokes make_v0.py painted on the 3-D lane: value, z0, y0, x0, depth, height, width. */
    private static final int[][] STROKES = {{1, 0, 0, 0, 2, 5, 132}, {2, 10, 40, 50, 20, 3, 3}, {1, 36, 100, 0, 1, 18, 40}};

    @TempDir
    Path dir;

    private Path legacy;

    @BeforeEach
    void copyTheLegacyProjectAndItsData() throws Exception {
        legacy = dir.resolve("legacy-v0.sylva");
        try (InputStream in = getClass().getResourceAsStream("/project/legacy-v0.sylva")) {
            Files.copy(in, legacy);
        }
        ProjectFixtures.copy(ProjectFixtures.BLOBS, dir.resolve("blobs.tif"));
        ProjectFixtures.copy("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif", dir.resolve("stacks/nuclei.tif"));
    }

    private static SparseLabels strokes() {
        SparseLabels l = SparseLabels.empty(new org.sylva.image.Shape(1, 37, 118, 132, 1));
        for (int[] s : STROKES) l = l.fill(0, new Box(s[1], s[2], s[3], s[4], s[5], s[6]), s[0]);
        return l;
    }

    @Test
    void aVersion0ProjectOpensWithEverythingItHeld() throws Exception {
        ProjectFile.Loaded loaded = ProjectFile.read(legacy);
        assertEquals(0, loaded.formatVersion());
        assertEquals(List.of(), loaded.warnings());
        SylvaProject p = loaded.project();

        assertEquals(2, p.lanes().size());
        DataLane blobs = p.lanes().get(0), nuclei = p.lanes().get(1);
        assertEquals("blobs", blobs.name());
        assertEquals("nuclei", nuclei.name());
        assertEquals(dir.resolve("stacks/nuclei.tif"), nuclei.files().get(0).path());
        assertEquals("zyx", nuclei.axes().letters());
        assertEquals(new org.sylva.image.Shape(1, 37, 118, 132, 1), nuclei.shape());
        // found by version 0's whole-file CRC-32, then given the current fingerprint
        assertTrue(blobs.isAvailable() && nuclei.isAvailable());
        assertEquals(Fingerprint.of(dir.resolve("blobs.tif")), blobs.files().get(0).fingerprint());
        assertTrue(nuclei.files().get(0).fingerprint().isCurrent());
        assertTrue(ImageFiles.read(dir.resolve("blobs.tif").toString()).sameSamples(blobs.read()));

        SparseLabels scribbles = SparseLabels.fromImage(ImageFiles.read(Shared.path(ProjectFixtures.BLOBS_SCRIBBLES).toString()));
        assertEquals(scribbles, p.labels(0));
        assertEquals(strokes(), p.labels(1));
        assertEquals(FeatureSelection.parse("GaussianSmoothing@0.3,GaussianSmoothing@1.0,LaplacianOfGaussian@1.0,"
                + "HessianOfGaussianEigenvalues@3.5"), p.features());
        assertEquals(List.of(new LabelClass("background", 0xff0000), new LabelClass("blobs", 0x0080ff)), p.classes());
        assertEquals(42, p.seed());
        assertEquals(50, p.treeCount());
        assertEquals(ExportSettings.DEFAULT, p.export());
        assertEquals(Instant.parse("2024-11-05T14:03:00Z"), p.info().created());
        assertEquals("0.0.1-draft", p.info().sylvaVersion());
        assertNull(p.info().revision());
        assertNull(p.forest());
    }

    @Test
    void savingAVersion0ProjectWritesTheCurrentVersion() throws Exception {
        SylvaProject p = ProjectFile.read(legacy).project();
        Path upgraded = dir.resolve("upgraded.sylva");
        SylvaProject saved = ProjectFile.write(p, upgraded);
        Map<String, byte[]> members = ProjectFixtures.unzip(upgraded);
        assertEquals(ProjectFile.VERSION, new ObjectMapper().readTree(members.get("manifest.json")).get("version").intValue());
        assertTrue(members.keySet().stream().noneMatch(n -> n.equals("project.json") || n.equals("labels/0.bin")));
        ProjectFile.Loaded back = ProjectFile.read(upgraded);
        assertEquals(ProjectFile.VERSION, back.formatVersion());
        assertEquals(saved, back.project());
        assertEquals(p.labels(1), back.project().labels(1));
        assertEquals(p.info().created(), back.project().info().created());
    }

    @Test
    void aVersion0ProjectIsCheckedLikeAnyOther() throws Exception {
        // its data replaced by another file: refused by the old CRC-32 too
        Files.copy(Shared.path("data/neubias_plk1_nuclei/xy_8bit__nuclei_PLK1_control.tif"), dir.resolve("blobs.tif"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProjectFile.Loaded loaded = ProjectFile.read(legacy);
        assertEquals(DataLane.State.MISMATCHED, loaded.project().lanes().get(0).status().state());
        assertEquals(1, loaded.warnings().size());

        // damaged label members give errors naming them
        Map<String, byte[]> members = ProjectFixtures.unzip(legacy);
        byte[] labels = members.get("labels/1.bin");
        members.put("labels/1.bin", Arrays.copyOf(labels, labels.length - 7));
        Path cut = dir.resolve("cut.sylva");
        ProjectFixtures.zip(members, cut);
        assertEquals("labels/1.bin: truncated (a block ends after the end of the member)",
                assertThrows(ProjectFormatException.class, () -> ProjectFile.read(cut)).problem());
        members.put("labels/1.bin", new byte[] {0x7f, 0, 0, 0});
        ProjectFixtures.zip(members, cut);
        assertEquals("labels/1.bin: corrupt block count 2130706432",
                assertThrows(ProjectFormatException.class, () -> ProjectFile.read(cut)).problem());
    }
}
