package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.testing.Shared;

/**
 * A project stays small: labels are sparse and compressed, the raw data is referenced, not copied (ilastik #787: a
 * 13 MB image gave a 230 MB project, 500 MB after four labels).
 */
class ProjectSizeTest {

    @TempDir
    Path dir;

    private static final String CELLS = "data/ilastik_2d_cells_apoptotic/";

    /** A 2048×2048 image from four mirrored copies of a 1024×1344 one (the right copies cut to 704 columns). */
    private static Image mirrored(Image src, DType type) {
        int H = src.shape().y(), W = src.shape().x();
        Image out = Image.create(type, Axes.of("yx"), 2048, 2048);
        for (int y = 0; y < 2048; y++) {
            int sy = y < H ? y : 2 * H - 1 - y;
            for (int x = 0; x < 2048; x++) {
                int sx = x < W ? x : 2 * W - 1 - x;
                out.set(0, 0, y, x, 0, src.get(0, 0, sy, sx, 0));
            }
        }
        return out;
    }

    @Test
    void labelsOnA2048SquareImageAndATrainedForestTakeAFewHundredKilobytes() throws Exception {
        Image raw = mirrored(ImageFiles.read(Shared.path(CELLS + "2d_cells_apoptotic_1channel.tif").toString()), DType.UINT8);
        Path data = dir.resolve("cells2048.tif");
        ImageFiles.write(raw, data, new WriteOptions(null, false));
        assertTrue(Files.size(data) > 2048L * 2048, "an uncompressed 4 MiB image");

        // ilastik's own scribbles from its three projects on this image, mirrored like the image: 1 = nuclei, 2 = background
        SparseLabels labels = SparseLabels.empty(raw.shape());
        for (String f : List.of("labels_pc_ilp.tif", "labels_ilastik4ij_ilp.tif", "labels_ac_ilp_stage2.tif")) {
            Image l = mirrored(ImageFiles.read(Shared.path(CELLS + f).toString()), DType.UINT8);
            for (LabelBlock b : SparseLabels.fromImage(l).blocks()) {
                byte[] v = b.values();
                byte[] old = labels.read(0, b.box());
                for (int i = 0; i < v.length; i++) if (v[i] == 0) v[i] = old[i];
                labels = labels.withRegion(0, b.box(), v);
            }
        }
        // plus heavy painting: 40 strokes 5 pixels wide and 400 long, labelled by ilastik's segmentation of the image
        Image seg = mirrored(ImageFiles.read(Shared.path(CELLS + "2d_Binary_Segmentation.h5").toString()
                + "/exported_data"), DType.UINT8);
        java.util.Random rnd = new java.util.Random(3);
        for (int k = 0; k < 40; k++) {
            boolean across = k % 2 == 0;
            Box box = across ? new Box(0, rnd.nextInt(2048 - 5), rnd.nextInt(2048 - 400), 1, 5, 400)
                    : new Box(0, rnd.nextInt(2048 - 400), rnd.nextInt(2048 - 5), 1, 400, 5);
            byte[] v = new byte[box.size()];
            int i = 0;
            for (int y = box.y0(); y < box.y0() + box.height(); y++) {
                for (int x = box.x0(); x < box.x0() + box.width(); x++) v[i++] = (byte) (seg.get(0, 0, y, x, 0) == 1 ? 1 : 2);
            }
            labels = labels.withRegion(0, box, v);
        }
        SylvaProject p = SylvaProject.create(List.of(DataLane.open(data.toString(), ReadOptions.DEFAULT)),
                FeatureSelection.all(), List.of(new LabelClass("nuclei", 0xff0000), new LabelClass("background", 0x00ff00)))
                .withLabels(0, labels);
        p = ProjectFixtures.trained(p);   // 100 trees, ilastik's default, on ilastik's full default feature set
        assertEquals(100, p.forest().forest().treeCount());

        Path file = dir.resolve("cells.sylva");
        ProjectFile.write(p, file);
        long size = Files.size(file);
        long labelBytes = 0, forestBytes = 0;
        try (var zip = new java.util.zip.ZipFile(file.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("labels/")) labelBytes += e.getCompressedSize();
                if (e.getName().equals("forest.bin")) forestBytes += e.getCompressedSize();
            }
        }
        Map<String, byte[]> members = ProjectFixtures.unzip(file);
        System.out.printf("project of a 2048×2048 image, %d labelled pixels in %d blocks, %d trees: %d bytes"
                        + " (labels %d, forest %d compressed, %d raw), %d members%n", labels.labelledPixels(),
                labels.blockCount(), p.treeCount(), size, labelBytes, forestBytes, members.get("forest.bin").length,
                members.size());
        assertTrue(labels.labelledPixels() > 10_000, "labelled: " + labels.labelledPixels());
        assertTrue(labelBytes < 64 * 1024, "labels take " + labelBytes + " bytes");
        assertTrue(size < 600 * 1024, "the project takes " + size + " bytes");
        assertTrue(size < Files.size(data) / 8, "the project is not much smaller than its image");
        assertEquals(labels, ProjectFile.read(file).project().labels(0));
    }
}
