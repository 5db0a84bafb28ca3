package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Shared;

/** Sparse labels hold exactly what was painted, keep only labelled blocks, and never change once made. */
class SparseLabelsTest {

    @Test
    void realScribblesSurviveTheRoundTripThroughBlocks() throws Exception {
        Image scribbles = ImageFiles.read(Shared.path("data/bian_blobs_annotated/blobs_annotations.tif").toString());
        SparseLabels labels = SparseLabels.fromImage(scribbles);
        Image back = labels.toImage();
        assertEquals(DType.UINT8, back.dtype());
        assertEquals("yx", back.axes().letters());
        for (int y = 0; y < 254; y++) {
            for (int x = 0; x < 256; x++) {
                assertEquals(scribbles.get(0, 0, y, x, 0), back.get(0, 0, y, x, 0), "y=" + y + " x=" + x);
                assertEquals((int) scribbles.get(0, 0, y, x, 0), labels.get(0, 0, y, x));
            }
        }
        // the README's counts: 737 background and 361 blob pixels
        assertArrayEquals(new long[] {0, 737, 361}, labels.countsPerLabel());
        assertEquals(1098, labels.labelledPixels());
        assertEquals(2, labels.maxLabel());
        // 254×256 is 4×4 blocks of 64; the scribbles touch only some of them
        assertTrue(labels.blockCount() > 0 && labels.blockCount() < 16, "blocks: " + labels.blockCount());
        for (LabelBlock b : labels.blocks()) {
            boolean any = false;
            for (byte v : b.values()) any |= v != 0;
            assertTrue(any, "an empty block is kept: " + b);
        }
    }

    @Test
    void editsMatchADenseReferenceIn2dIn3dAndOverTime() {
        for (Shape shape : List.of(new Shape(1, 1, 130, 150, 1), new Shape(1, 70, 40, 90, 1), new Shape(3, 1, 65, 64, 1),
                new Shape(2, 5, 7, 129, 1))) {
            Random rnd = new Random(shape.hashCode());
            SparseLabels labels = SparseLabels.empty(shape);
            byte[][] dense = new byte[shape.t()][shape.z() * shape.y() * shape.x()];
            for (int op = 0; op < 200; op++) {
                int t = rnd.nextInt(shape.t());
                int d = 1 + rnd.nextInt(Math.min(shape.z(), 20)), h = 1 + rnd.nextInt(Math.min(shape.y(), 40));
                int w = 1 + rnd.nextInt(Math.min(shape.x(), 80));
                Box box = new Box(rnd.nextInt(shape.z() - d + 1), rnd.nextInt(shape.y() - h + 1),
                        rnd.nextInt(shape.x() - w + 1), d, h, w);
                int kind = rnd.nextInt(4);
                int value = rnd.nextInt(4);
                byte[] values = new byte[box.size()];
                for (int i = 0; i < values.length; i++) values[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(5) : 0);
                labels = switch (kind) {
                    case 0 -> labels.fill(t, box, value);
                    case 1 -> labels.paint(t, box, values, value);
                    case 2 -> labels.withRegion(t, box, values);
                    default -> labels.erase(t, box);
                };
                int i = 0;
                for (int z = box.z0(); z < box.z0() + d; z++) {
                    for (int y = box.y0(); y < box.y0() + h; y++) {
                        for (int x = box.x0(); x < box.x0() + w; x++, i++) {
                            int at = (z * shape.y() + y) * shape.x() + x;
                            switch (kind) {
                                case 0 -> dense[t][at] = (byte) value;
                                case 1 -> { if (values[i] != 0) dense[t][at] = (byte) value; }
                                case 2 -> dense[t][at] = values[i];
                                default -> dense[t][at] = 0;
                            }
                        }
                    }
                }
            }
            Image img = labels.toImage();
            long[] counts = new long[256];
            for (int t = 0; t < shape.t(); t++) {
                for (int z = 0; z < shape.z(); z++) {
                    byte[] plane = (byte[]) img.plane(t, z);
                    for (int p = 0; p < shape.y() * shape.x(); p++) {
                        assertEquals(dense[t][z * shape.y() * shape.x() + p], plane[p], shape + " t=" + t + " z=" + z);
                        counts[plane[p] & 0xff]++;
                    }
                }
            }
            // the counts kept up to date edit by edit equal a full recount
            long[] kept = labels.countsPerLabel();
            for (int v = 1; v < 256; v++) assertEquals(counts[v], v < kept.length ? kept[v] : 0, "count of " + v);
            assertEquals(SparseLabels.fromImage(img), labels);
            assertArrayEquals(SparseLabels.fromImage(img).countsPerLabel(), kept);
            // reading a box gives the dense values
            Box all = new Box(0, 0, 0, shape.z(), shape.y(), shape.x());
            assertArrayEquals(dense[shape.t() - 1], labels.read(shape.t() - 1, all));
        }
    }

    @Test
    void anEditCopiesOnlyTheBlocksItTouchesAndLeavesTheOriginalAlone() {
        Shape shape = new Shape(1, 1, 512, 512, 1);
        SparseLabels a = SparseLabels.empty(shape).fill(0, new Box(0, 0, 0, 1, 512, 512), 1);
        assertEquals(64, a.blockCount());
        SparseLabels b = a.fill(0, new Box(0, 10, 10, 1, 3, 3), 2);
        assertEquals(1, a.get(0, 0, 11, 11), "the original is unchanged");
        assertEquals(2, b.get(0, 0, 11, 11));
        assertEquals(1, a.maxLabel());
        assertEquals(2, b.maxLabel());
        assertArrayEquals(new long[] {0, 512 * 512 - 9, 9}, b.countsPerLabel());
        // erasing a whole block drops it
        SparseLabels c = b.erase(0, new Box(0, 64, 64, 1, 64, 64));
        assertEquals(63, c.blockCount());
        assertEquals(0, c.get(0, 0, 100, 100));
        assertNotEquals(b, c);
        // painting the same values again is no change at all
        assertEquals(c, c.fill(0, new Box(0, 0, 0, 1, 5, 5), 1));
    }

    @Test
    void deletingAClassErasesItAndRenumbersTheHigherOnes() {
        SparseLabels l = SparseLabels.empty(new Shape(1, 1, 10, 10, 1))
                .fill(0, new Box(0, 0, 0, 1, 1, 3), 1)
                .fill(0, new Box(0, 1, 0, 1, 1, 3), 2)
                .fill(0, new Box(0, 2, 0, 1, 1, 3), 3);
        SparseLabels r = l.withoutLabel(2);
        assertEquals(1, r.get(0, 0, 0, 0));
        assertEquals(0, r.get(0, 0, 1, 0));
        assertEquals(2, r.get(0, 0, 2, 0));
        assertArrayEquals(new long[] {0, 3, 3}, r.countsPerLabel());
    }

    @Test
    void equalLabelsAreEqualHoweverTheyWereMade() {
        Shape shape = new Shape(1, 3, 100, 100, 1);
        SparseLabels painted = SparseLabels.empty(shape).fill(0, new Box(1, 20, 20, 2, 50, 50), 3)
                .erase(0, new Box(1, 30, 30, 1, 10, 10));
        Image dense = painted.toImage();
        SparseLabels fromDense = SparseLabels.fromImage(dense);
        assertEquals(painted, fromDense);
        assertEquals(painted.hashCode(), fromDense.hashCode());
        assertNotEquals(painted, SparseLabels.empty(shape));
        assertNotEquals(SparseLabels.empty(shape), SparseLabels.empty(new Shape(1, 3, 100, 101, 1)));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        SparseLabels l = SparseLabels.empty(new Shape(1, 1, 10, 10, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.fill(0, new Box(0, 5, 5, 1, 6, 1), 1))
                .getMessage().contains("outside the lane"));
        assertThrows(IllegalArgumentException.class, () -> l.fill(1, new Box(0, 0, 0, 1, 1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> l.fill(0, new Box(0, 0, 0, 1, 1, 1), 256));
        Image floats = Image.create(DType.FLOAT32, new Shape(1, 1, 4, 4, 1), org.sylva.image.Axes.of("yx"));
        assertThrows(IllegalArgumentException.class, () -> SparseLabels.fromImage(floats));
        Image big = Image.create(DType.UINT16, new Shape(1, 1, 4, 4, 1), org.sylva.image.Axes.of("yx"));
        big.set(0, 0, 2, 3, 0, 300);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparseLabels.fromImage(big)).getMessage()
                .contains("300 at t=0 z=0 y=2 x=3"));
    }
}
