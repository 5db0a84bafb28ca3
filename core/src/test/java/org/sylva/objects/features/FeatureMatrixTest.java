package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.objects.features.ObjectFeature.CONVEX_HULL_2D;
import static org.sylva.objects.features.ObjectFeature.STANDARD;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** The classifier's matrix in ilastik's column order, with ilastik's treatment of missing values (spec §5.5). */
class FeatureMatrixTest {

    @Test
    void columnsArePluginsSortedThenFeaturesSortedWithTheirValuesInStoredOrder() throws IOException {
        FeatureOracle.Case c = FeatureOracle.find("movie2d");
        ObjectFeatureSelection sel = ObjectFeatureSelection.none()
                .with(STANDARD, "RegionCenter").with(STANDARD, "Mean").with(STANDARD, "Count")
                .withMargin(STANDARD, "Mean in neighborhood", 30, 30).with(CONVEX_HULL_2D, "Convexity");
        List<ObjectFeatureTable> tables;
        try (Workers w = new Workers(2)) {
            tables = new ObjectFeatures(w).compute(c.raw(), c.labels(), sel);
        }
        FeatureMatrix m = FeatureMatrix.of(tables, sel);
        // "2D ..." < "Standard ..."; "Count" < "Mean" < "Mean in neighborhood" < "RegionCenter"
        assertEquals(List.of(CONVEX_HULL_2D + "/Convexity", STANDARD + "/Count", STANDARD + "/Mean",
                STANDARD + "/Mean in neighborhood", STANDARD + "/RegionCenter[0]", STANDARD + "/RegionCenter[1]"),
                m.columnNames());
        // rows: time point 0 (8 objects), 1 (none), 2 (12), in id order
        assertEquals(20, m.rows());
        assertEquals(new FeatureMatrix.ObjectRef(2, 1), m.objects().get(8));
        ObjectFeatureTable t2 = tables.get(2);
        for (int id = 1; id <= t2.objects(); id++) {
            int row = 7 + id;
            assertEquals(t2.get(CONVEX_HULL_2D, "Convexity", id, 0), m.get(row, 0));
            assertEquals(t2.get(STANDARD, "Count", id, 0), m.get(row, 1));
            assertEquals(t2.get(STANDARD, "Mean", id, 0), m.get(row, 2));
            assertEquals(t2.get(STANDARD, "Mean in neighborhood", id, 0), m.get(row, 3));
            assertEquals(t2.get(STANDARD, "RegionCenter", id, 0), m.get(row, 4));
            assertEquals(t2.get(STANDARD, "RegionCenter", id, 1), m.get(row, 5));
        }
        assertTrue(m.badObjects().isEmpty());
    }

    @Test
    void missingValuesBecomeZeroAndTheObjectsAreReported() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 3, 5);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 3, 5);
        int[] l = (int[]) labels.plane(0, 0);
        l[0] = 1;                         // one pixel: skewness and kurtosis NaN
        l[3] = 2;
        l[4] = 2;
        ((byte[]) raw.plane(0, 0))[4] = 9;
        ObjectFeatureSelection sel = ObjectFeatureSelection.none().with(STANDARD, "Skewness").with(STANDARD, "Mean")
                .with(STANDARD, "Kurtosis");
        FeatureMatrix m;
        try (Workers w = new Workers(1)) {
            m = FeatureMatrix.of(new ObjectFeatures(w).compute(raw, labels, sel), sel);
        }
        assertEquals(List.of(STANDARD + "/Kurtosis", STANDARD + "/Mean", STANDARD + "/Skewness"), m.columnNames());
        assertEquals(0f, m.get(0, 0));
        assertEquals(0f, m.get(0, 2));
        assertEquals(4.5f, m.get(1, 1));
        assertEquals(0f, m.get(1, 2));     // two values symmetric: skewness 0, not missing
        assertEquals(-2f, m.get(1, 0));    // kurtosis of two values: 2·(4.5⁴·2)/(2·4.5²)² − 3 = −2
        assertEquals(List.of(new FeatureMatrix.BadObject(0, 1, List.of(STANDARD + "/Kurtosis", STANDARD + "/Skewness"))),
                m.badObjects());
    }

    @Test
    void aTableWithoutASelectedFeatureIsAnError() {
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 3, 5);
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 3, 5);
        ((int[]) labels.plane(0, 0))[2] = 1;
        try (Workers w = new Workers(1)) {
            List<ObjectFeatureTable> t = new ObjectFeatures(w).compute(raw, labels, ObjectFeatureSelection.none());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeatureMatrix.of(t, ObjectFeatureSelection.standard()));
            assertTrue(e.getMessage().contains("has no 'Standard Object Features/Coord<Maximum>'"), e.getMessage());
        }
    }
}
