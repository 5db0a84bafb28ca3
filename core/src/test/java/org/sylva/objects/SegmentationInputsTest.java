package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** The extents check between raw data and segmentation, and the size filter on label images. */
class SegmentationInputsTest {

    @Test
    void rawAndSegmentationMustShareTimeAndSpaceExtentsButNotChannels() {
        Image raw = Image.create(DType.UINT8, Axes.of("zyxc"), 5, 73, 187, 3).withName("raw.h5");
        ObjectInputs.requireSameExtents(raw, Image.create(DType.FLOAT32, Axes.of("zyxc"), 5, 73, 187, 2), "maps");
        Image seg = Image.create(DType.UINT8, Axes.of("zyx"), 4, 73, 186).withName("seg.tif");
        SegmentationException e = assertThrows(SegmentationException.class,
                () -> ObjectInputs.requireSameExtents(raw, seg, "segmentation"));
        assertEquals("the segmentation seg.tif (t=1 z=4 y=73 x=186) does not match the raw data raw.h5 "
                + "(t=1 z=5 y=73 x=187): z 5 ≠ 4, x 187 ≠ 186; both must have the same t, z, y and x extents",
                e.getMessage());
    }

    @Test
    void sizeFilterKeepsBothBoundsAndDoesNotRenumber() {
        // labels 3 (2 px), 5 (3 px), 9 (4 px) in a row; keep 3..4 pixels
        Image img = Image.create(DType.UINT32, Axes.of("yx"), 1, 10);
        int[] p = (int[]) img.plane(0, 0);
        int[] values = {3, 3, 0, 5, 5, 5, 9, 9, 9, 9};
        System.arraycopy(values, 0, p, 0, 10);
        assertArrayEquals(new long[] {1, 0, 0, 2, 0, 3, 0, 0, 0, 4}, SizeFilter.sizes(img, 0));
        try (Workers w = new Workers(2)) {
            Image out = new SizeFilter(3, 4).apply(img, w);
            assertArrayEquals(new int[] {0, 0, 0, 5, 5, 5, 9, 9, 9, 9}, (int[]) out.plane(0, 0));
        }
        assertTrue(new SizeFilter(3, 4).keeps(3));
        assertTrue(new SizeFilter(3, 4).keeps(4));
        assertThrows(SegmentationException.class, () -> SizeFilter.sizes(
                Image.create(DType.FLOAT32, Axes.of("yx"), 1, 1), 0));
    }
}
