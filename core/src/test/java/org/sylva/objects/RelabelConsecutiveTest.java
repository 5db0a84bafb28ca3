package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** ilastik's label-image flavour: vigra's {@code relabelConsecutive} per time point, original ids kept. */
class RelabelConsecutiveTest {

    private static final Workers TWO = new Workers(2);

    @AfterAll
    static void close() { TWO.close(); }

    static Stream<Arguments> committedCases() throws IOException {
        return ObjectsOracle.cases("relabel").stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedCases")
    void idsAndOriginalIdsEqualVigrasRelabelConsecutive(String name, JsonNode c) throws IOException {
        Image labels = ObjectsOracle.read(name + ".input.npy", c.get("axes").asText());
        Image expected = ObjectsOracle.read(name + ".expected.npy", "tzyx");
        for (int threads : new int[] {1, 2, 3}) {
            try (Workers w = new Workers(threads)) {
                ObjectLabels o = ConnectedComponents.relabelConsecutive(labels, w);
                ObjectsOracle.assertSameLabels(expected, o.image(), name + ", " + threads + " threads");
                JsonNode originals = c.get("originals");
                for (int t = 0; t < labels.shape().t(); t++) {
                    long[] want = new long[originals.get(t).size()];
                    for (int i = 0; i < want.length; i++) want[i] = originals.get(t).get(i).asLong();
                    assertArrayEquals(want, o.originalIds()[t], name + " t=" + t);
                    assertEquals(want.length, o.count(t));
                }
            }
        }
    }

    @Test
    void disconnectedPiecesOfOneValueAreOneObjectKeepingTheirValue() {
        Image img = Image.create(DType.UINT16, Axes.of("yx"), 3, 5);
        img.set(0, 0, 0, 4, 0, 300);
        img.set(0, 0, 2, 0, 0, 300);
        img.set(0, 0, 1, 2, 0, 12);
        ObjectLabels o = ConnectedComponents.relabelConsecutive(img, TWO);
        assertEquals(2, o.count(0));
        assertTrue(o.hasOriginalIds());
        assertEquals(300, o.originalId(0, 1));
        assertEquals(12, o.originalId(0, 2));
        assertEquals(1, o.image().get(0, 0, 2, 0, 0));
        assertFalse(ConnectedComponents.label(img, Connectivity.DIRECT, TWO).hasOriginalIds());
        assertEquals(3, ConnectedComponents.label(img, Connectivity.DIRECT, TWO).count(0), "as components: three");
    }

    @Test
    void labelImagesSavedAsFloatAreAcceptedWhenTheirValuesAreWhole() {
        Image img = Image.create(DType.FLOAT32, Axes.of("yx"), 2, 2);
        img.set(0, 0, 0, 1, 0, 5);
        img.set(0, 0, 1, 0, 0, 2);
        ObjectLabels o = ConnectedComponents.relabelConsecutive(img, TWO);
        assertArrayEquals(new long[] {5, 2}, o.originalIds()[0]);
    }

    @Test
    void negativeFractionalAndNonFiniteLabelsAreClearErrors() {
        Image neg = Image.create(DType.INT32, Axes.of("tyx"), 2, 3, 3).withName("labels.tif");
        neg.set(1, 0, 2, 1, 0, -4);
        SegmentationException e = assertThrows(SegmentationException.class,
                () -> ConnectedComponents.relabelConsecutive(neg, TWO));
        assertEquals("labels.tif: the label image holds a negative value (-4) at t=1 z=0 y=2 x=1; object ids must be "
                + "≥ 0 (0 = background)", e.getMessage());
        Image frac = Image.create(DType.FLOAT64, Axes.of("yx"), 2, 2);
        frac.set(0, 0, 1, 1, 0, 2.5);
        e = assertThrows(SegmentationException.class, () -> ConnectedComponents.relabelConsecutive(frac, TWO));
        assertTrue(e.getMessage().contains("a fractional value (2.5) at t=0 z=0 y=1 x=1"), e.getMessage());
        Image nan = Image.create(DType.FLOAT32, Axes.of("yx"), 2, 2);
        nan.set(0, 0, 0, 0, 0, Float.POSITIVE_INFINITY);
        e = assertThrows(SegmentationException.class, () -> ConnectedComponents.relabelConsecutive(nan, TWO));
        assertTrue(e.getMessage().contains("an infinite value"), e.getMessage());
    }

    @Test
    void relabellingSwitchesToUint64PastTheUint32Limit() {
        Image img = Image.create(DType.UINT64, Axes.of("yx"), 1, 4);
        ((long[]) img.plane(0, 0))[0] = -1L;           // 2^64 − 1 as an unsigned 64-bit label
        ((long[]) img.plane(0, 0))[2] = 7;
        ((long[]) img.plane(0, 0))[3] = 9;
        ObjectLabels o = ConnectedComponents.relabelConsecutive(img, TWO, 2);
        assertEquals(DType.UINT64, o.image().dtype());
        assertArrayEquals(new long[] {1, 0, 2, 3}, (long[]) o.image().plane(0, 0));
        assertEquals(-1L, o.originalId(0, 1), "the bits of 2^64 − 1 are kept");
    }

    @Test
    void anEmptyLabelImageHasNoObjects() {
        ObjectLabels o = ConnectedComponents.relabelConsecutive(Image.create(DType.UINT8, Axes.of("zyx"), 2, 3, 3), TWO);
        assertEquals(0, o.count(0));
        assertEquals(0, o.originalIds()[0].length);
    }
}
