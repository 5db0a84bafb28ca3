package org.sylva.forest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Helpers shared by the forest tests: raw little-endian arrays for exchange with Python, probe matrices. */
final class ForestTestData {

    private ForestTestData() {}

    static void writeFloats(Path p, float[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        Files.write(p, b.array());
    }

    static float[] readFloats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[b.remaining() / 4];
        b.asFloatBuffer().get(a);
        return a;
    }

    static float[] readHalfFloats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[b.remaining() / 2];
        for (int i = 0; i < a.length; i++) a[i] = halfToFloat(b.getShort());
        return a;
    }

    static int[] readInts(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int[] a = new int[b.remaining() / 4];
        b.asIntBuffer().get(a);
        return a;
    }

    /** IEEE 754 binary16 → float (exact). */
    static float halfToFloat(short h) {
        int s = (h >>> 15) & 1, e = (h >>> 10) & 0x1F, m = h & 0x3FF;
        float v;
        if (e == 0) v = m * 0x1p-24f;
        else if (e == 31) v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else v = Float.intBitsToFloat(((e - 15 + 127) << 23) | (m << 13));
        return s == 1 ? -v : v;
    }

    /**
     * Rows that exercise a forest's decisions: each value is one of the forest's own thresholds for that feature,
     * exactly, or the float just below or above it, or a nearby value; {@code nanRows} rows get one NaN.
     */
    static float[] probeRows(RandomForest forest, int rows, int nanRows, long seed) {
        int F = forest.featureCount();
        List<List<Float>> thresholds = new ArrayList<>();
        for (int f = 0; f < F; f++) thresholds.add(new ArrayList<>());
        for (DecisionTree t : forest.trees()) {
            for (int i = 0; i < t.nodeCount(); i++) thresholds.get(t.feature(i)).add(t.threshold(i));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[rows * F];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < F; f++) {
                List<Float> ts = thresholds.get(f);
                float v;
                if (ts.isEmpty()) {
                    v = (float) rnd.nextGaussian();
                } else {
                    float t = ts.get(rnd.nextInt(ts.size()));
                    switch (rnd.nextInt(4)) {
                        case 0 -> v = t;
                        case 1 -> v = Math.nextDown(t);
                        case 2 -> v = Math.nextUp(t);
                        default -> v = t + (float) (rnd.nextGaussian() * Math.max(1e-3, Math.abs(t) * 0.05));
                    }
                }
                x[r * F + f] = v;
            }
        }
        for (int i = 0; i < nanRows; i++) x[rnd.nextInt(rows) * F + rnd.nextInt(F)] = Float.NaN;
        return x;
    }
}
