package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecisionTreeTest {

    @Test
    void floatThresholdDecidesExactlyLikeTheDoubleThreshold() {
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 200_000; i++) {
            double t = switch (i % 4) {
                case 0 -> r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30));
                case 1 -> ((double) randomFloat(r) + randomFloat(r)) / 2;   // midpoints, as trained
                case 2 -> randomFloat(r);                                   // exactly a float
                default -> Double.longBitsToDouble(r.nextLong());          // anything, incl. NaN/inf
            };
            float ft = DecisionTree.floatThreshold(t);
            float x = switch (i % 3) {
                case 0 -> ft;
                case 1 -> Math.nextDown(ft);
                default -> randomFloat(r);
            };
            assertEquals((double) x < t, x < ft, "x=" + x + " t=" + t);
            assertEquals((double) Math.nextUp(x) < t, Math.nextUp(x) < ft, "x=" + Math.nextUp(x) + " t=" + t);
        }
        assertEquals(Float.POSITIVE_INFINITY, DecisionTree.floatThreshold(Double.MAX_VALUE));
        assertEquals(Float.MAX_VALUE, DecisionTree.floatThreshold(Float.MAX_VALUE));
    }

    private static float randomFloat(SplittableRandom r) {
        return Float.intBitsToFloat(r.nextInt());
    }

    @Test
    void referencesThatDoNotFormATreeAreRejected() {
        float[] p = {1, 0, 0, 1};
        int[] s = {1, 1};
        // a valid stump
        DecisionTree ok = new DecisionTree(2, 0, new int[] {0}, new float[] {0.5f}, new int[] {~0}, new int[] {~1}, p, s);
        assertEquals(1, ok.depth());
        // the same leaf twice, a leaf out of range, a node pointing at itself, a negative feature
        assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree(2, 0, new int[] {0}, new float[] {0.5f}, new int[] {~0}, new int[] {~0}, p, s));
        assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree(2, 0, new int[] {0}, new float[] {0.5f}, new int[] {~0}, new int[] {~2}, p, s));
        assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree(2, 0, new int[] {0}, new float[] {0.5f}, new int[] {0}, new int[] {~1}, p, s));
        assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree(2, 0, new int[] {-1}, new float[] {0.5f}, new int[] {~0}, new int[] {~1}, p, s));
        // a forest rejects a tree that reads a feature it does not have
        assertThrows(IllegalArgumentException.class,
                () -> new RandomForest(1, new int[] {1, 2}, java.util.List.of(
                        new DecisionTree(2, 0, new int[] {3}, new float[] {0.5f}, new int[] {~0}, new int[] {~1}, p, s))));
    }
}
