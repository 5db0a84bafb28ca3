package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.objects.features.ObjectFeature.DEFAULT;
import static org.sylva.objects.features.ObjectFeature.STANDARD;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** Behaviour beyond the numbers: determinism, label types, empty frames, bad input, selection handling. */
class ObjectFeaturesBehaviourTest {

    @ParameterizedTest
    @ValueSource(strings = {"blobs2d", "nuclei3d", "multichannel2d"})
    void resultsDoNotDependOnTheThreadCount(String name) throws IOException {
        FeatureOracle.Case c = FeatureOracle.find(name);
        Image raw = c.raw();
        Image labels = c.labels();
        ObjectFeatureSelection sel = c.selection();
        List<ObjectFeatureTable> one;
        try (Workers w = new Workers(1)) {
            one = new ObjectFeatures(w).compute(raw, labels, sel);
        }
        for (int threads : new int[] {2, 3}) {
            try (Workers w = new Workers(threads)) {
                List<ObjectFeatureTable> many = new ObjectFeatures(w).compute(raw, labels, sel);
                assertSameTables(one, many);
            }
        }
    }

    @Test
    void uint64LabelsGiveTheSameFeaturesAsUint32() throws IOException {
        FeatureOracle.Case c = FeatureOracle.find("movie2d");
        try (Workers w = new Workers(2)) {
            ObjectFeatures features = new ObjectFeatures(w);
            assertSameTables(features.compute(c.raw(), c.labels(), c.selection()),
                    features.compute(c.raw(), FeatureOracle.uint64(c.labels()), c.selection()));
        }
    }

    @Test
    void aFrameWithoutObjectsGivesAnEmptyTable() {
        Image raw = Image.create(DType.UINT16, Axes.of("tyx"), 2, 6, 7);
        Image labels = Image.create(DType.UINT32, Axes.of("tyx"), 2, 6, 7);
        ((int[]) labels.plane(1, 0))[10] = 1;
        try (Workers w = new Workers(2)) {
            List<ObjectFeatureTable> t = new ObjectFeatures(w).compute(raw, labels,
                    ObjectFeatureSelection.all(2, 1, false));
            assertEquals(0, t.get(0).objects());
            assertEquals(0, t.get(0).values(STANDARD, "Mean").length);
            assertEquals(0, t.get(0).values(STANDARD, "Mean in neighborhood").length);
            assertEquals(1, t.get(1).objects());
            assertEquals(1f, t.get(1).get(DEFAULT, "Count", 1, 0));
        }
    }

    @Test
    void theDefaultFeaturesAreAlwaysThere() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 4, 5);
        int[] l = (int[]) labels.plane(0, 0);
        l[1 * 5 + 2] = 1;
        l[1 * 5 + 3] = 1;
        l[3 * 5 + 4] = 2;
        try (Workers w = new Workers(1)) {
            ObjectFeatureTable t = new ObjectFeatures(w).compute(raw, labels, 0, ObjectFeatureSelection.none());
            assertEquals(List.of("Coord<Minimum>", "Coord<Maximum>", "RegionCenter", "Count"),
                    t.features().stream().map(ObjectFeature::name).toList());
            assertArrayEquals(new float[] {2, 1, 4, 3}, t.values(DEFAULT, "Coord<Minimum>"));
            assertArrayEquals(new float[] {4, 2, 5, 4}, t.values(DEFAULT, "Coord<Maximum>"));   // exclusive
            assertArrayEquals(new float[] {2.5f, 1, 4, 3}, t.values(DEFAULT, "RegionCenter"));
            assertArrayEquals(new float[] {2, 1}, t.values(DEFAULT, "Count"));
            assertThrows(IllegalArgumentException.class, () -> t.values(STANDARD, "Mean"));
        }
    }

    @Test
    void singlePixelObjectsHaveVigrasUndefinedMomentsAsNaN() {
        Image raw = Image.create(DType.FLOAT32, Axes.of("yx"), 3, 3);
        ((float[]) raw.plane(0, 0))[4] = 7.5f;
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 3, 3);
        ((int[]) labels.plane(0, 0))[4] = 1;
        ObjectFeatureSelection sel = ObjectFeatureSelection.none();
        for (String n : List.of("Variance", "Skewness", "Kurtosis", "RegionRadii", "RegionAxes", "Quantiles")) {
            sel = sel.with(STANDARD, n);
        }
        try (Workers w = new Workers(1)) {
            ObjectFeatureTable t = new ObjectFeatures(w).compute(raw, labels, 0, sel);
            assertEquals(0f, t.get(STANDARD, "Variance", 1, 0));
            assertTrue(Float.isNaN(t.get(STANDARD, "Skewness", 1, 0)));
            assertTrue(Float.isNaN(t.get(STANDARD, "Kurtosis", 1, 0)));
            assertArrayEquals(new float[] {0, 0}, t.values(STANDARD, "RegionRadii"));
            assertArrayEquals(new float[] {1, 0, 0, 1}, t.values(STANDARD, "RegionAxes"));
            float[] q = t.values(STANDARD, "Quantiles");
            assertEquals(7.5f, q[0]);
            assertEquals(7.5f, q[6]);
        }
    }

    @Test
    void idsWithoutPixelsGetARowWithCountZero() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 2, 4);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 2, 4);
        int[] l = (int[]) labels.plane(0, 0);
        l[0] = 1;
        l[5] = 3;
        try (Workers w = new Workers(1)) {
            ObjectFeatureTable t = new ObjectFeatures(w).compute(raw, labels, 0,
                    ObjectFeatureSelection.none().with(STANDARD, "Mean"));
            assertEquals(3, t.objects());
            assertEquals(0f, t.get(DEFAULT, "Count", 2, 0));
            assertTrue(Float.isNaN(t.get(STANDARD, "Mean", 2, 0)));
            assertEquals(1f, t.get(DEFAULT, "Count", 3, 0));
        }
    }

    @Test
    void rawValuesAreCastToFloat32WhateverTheirType() {
        Image u16 = Image.create(DType.UINT16, Axes.of("yx"), 3, 4);
        Image f32 = Image.create(DType.FLOAT32, Axes.of("yx"), 3, 4);
        Image f64 = Image.create(DType.FLOAT64, Axes.of("yx"), 3, 4);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 3, 4);
        for (int i = 0; i < 12; i++) {
            ((short[]) u16.plane(0, 0))[i] = (short) (60000 + i * 97);
            ((float[]) f32.plane(0, 0))[i] = 60000 + i * 97;
            ((double[]) f64.plane(0, 0))[i] = 60000 + i * 97 + 1e-9;   // lost in the float32 cast
            ((int[]) labels.plane(0, 0))[i] = 1 + i / 6;
        }
        ObjectFeatureSelection sel = ObjectFeatureSelection.standard();
        try (Workers w = new Workers(1)) {
            ObjectFeatures f = new ObjectFeatures(w);
            ObjectFeatureTable a = f.compute(u16, labels, 0, sel);
            assertSameTables(List.of(a), List.of(f.compute(f32, labels, 0, sel)));
            assertSameTables(List.of(a), List.of(f.compute(f64, labels, 0, sel)));
            // the mean of 60000 + 97 i, i = 0..5
            assertEquals(60000 + 97 * 2.5f, a.get(STANDARD, "Mean", 1, 0));
        }
    }

    @Test
    void labelsThatDoNotFitTheRawImageAreRejected() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        try (Workers w = new Workers(1)) {
            ObjectFeatures f = new ObjectFeatures(w);
            ObjectFeatureSelection s = ObjectFeatureSelection.standard();
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> f.compute(raw, Image.create(DType.UINT32, Axes.of("yx"), 4, 6), s));
            assertTrue(size.getMessage().contains("differ in size"), size.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> f.compute(raw, Image.create(DType.FLOAT32, Axes.of("yx"), 4, 5), s));
            assertTrue(type.getMessage().contains("uint32 or uint64"), type.getMessage());
            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                    () -> f.compute(raw, Image.create(DType.UINT32, Axes.of("yxc"), 4, 5, 2), s));
            assertTrue(channels.getMessage().contains("one channel"), channels.getMessage());
        }
    }

    @Test
    void negativeOrHugeIdsAreRejectedNamingThePixel() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        Image signed = Image.create(DType.INT32, Axes.of("yx"), 4, 5);
        ((int[]) signed.plane(0, 0))[2 * 5 + 4] = -3;
        Image big = Image.create(DType.UINT64, Axes.of("yx"), 4, 5);
        ((long[]) big.plane(0, 0))[1 * 5 + 1] = 1L << 40;
        Image unsigned = Image.create(DType.UINT32, Axes.of("yx"), 4, 5);
        ((int[]) unsigned.plane(0, 0))[3] = -1;   // 4294967295
        try (Workers w = new Workers(1)) {
            ObjectFeatures f = new ObjectFeatures(w);
            ObjectFeatureSelection s = ObjectFeatureSelection.standard();
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> f.compute(raw, signed, s));
            assertTrue(neg.getMessage().contains("-3 at x=4 y=2 is negative"), neg.getMessage());
            IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> f.compute(raw, big, s));
            assertTrue(huge.getMessage().contains("1099511627776 at x=1 y=1 is too large"), huge.getMessage());
            IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> f.compute(raw, unsigned, s));
            assertTrue(u.getMessage().contains("4294967295 at x=3 y=0 is too large"), u.getMessage());
        }
    }

    @Test
    void featuresNotOfferedForTheImageAreNamed() {
        Image raw = Image.create(DType.UINT8, Axes.of("yxc"), 4, 5, 3);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 4, 5);
        try (Workers w = new Workers(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ObjectFeatures(w).compute(raw, labels, ObjectFeatureSelection.standard()
                            .with(ObjectFeature.CONVEX_HULL_3D, "HullVolume")));
            assertTrue(e.getMessage().contains("Standard Object Features/Histogram"), e.getMessage());
            assertTrue(e.getMessage().contains("Standard Object Features/Quantiles"), e.getMessage());
            assertTrue(e.getMessage().contains("3D Convex Hull Features/HullVolume"), e.getMessage());
            // "standard" keeps what the image offers
            List<ObjectFeatureTable> t = new ObjectFeatures(w).compute(raw, labels,
                    ObjectFeatureSelection.parse("standard", 2, 3));
            assertFalse(t.get(0).has(STANDARD, "Histogram"));
            assertTrue(t.get(0).has(STANDARD, "Kurtosis"));
        }
    }

    @Test
    void theCommandLineFormNamesFeaturesAndMargins() {
        ObjectFeatureSelection s = ObjectFeatureSelection.parse(
                "Mean, Mean in neighborhood@10x5, 2D Convex Hull Features:Convexity, Diameter", 2, 1);
        assertEquals(List.of(ObjectFeature.CONVEX_HULL_2D, ObjectFeature.SKELETON_2D, STANDARD), s.plugins());
        assertEquals(List.of("Mean", "Mean in neighborhood"), s.names(STANDARD));
        assertArrayEquals(new int[] {10, 5}, s.margin(STANDARD, "Mean in neighborhood"));
        assertArrayEquals(new int[] {10, 5, 0}, s.maxMargin());
        assertArrayEquals(ObjectFeatureSelection.defaultMargin(3),
                ObjectFeatureSelection.parse("Sum in neighborhood", 3, 1).margin(STANDARD, "Sum in neighborhood"),
                "the default 3D margin");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectFeatureSelection.parse("Mean,Roundness", 2, 1));
        assertTrue(e.getMessage().contains("'Roundness' is not an object feature"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectFeatureSelection.parse("Mean@3x3", 2, 1));
    }

    @Test
    void anObjectFillingItsWholeWindowHasNoNeighbourhood() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 3, 3);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 3, 3);
        java.util.Arrays.fill((int[]) labels.plane(0, 0), 1);
        try (Workers w = new Workers(1)) {
            ObjectFeatureTable t = new ObjectFeatures(w).compute(raw, labels, 0,
                    ObjectFeatureSelection.none().withMargin(STANDARD, "Mean in neighborhood", 5, 5));
            assertTrue(Float.isNaN(t.get(STANDARD, "Mean in neighborhood", 1, 0)));
            assertEquals(0f, t.get(STANDARD, "Mean in object and neighborhood", 1, 0));
        }
    }

    static void assertSameTables(List<ObjectFeatureTable> a, List<ObjectFeatureTable> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            ObjectFeatureTable x = a.get(i);
            ObjectFeatureTable y = b.get(i);
            assertEquals(x.objects(), y.objects());
            assertEquals(x.features(), y.features());
            for (ObjectFeature f : x.features()) {
                assertArrayEquals(x.values(f.plugin(), f.name()), y.values(f.plugin(), f.name()),
                        "t" + x.time() + " " + f);
            }
        }
    }
}
