package org.sylva.forest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed real-data fixture (core/src/test/resources/forest, written by
 * core/src/test/python/forest/make_quality_fixture.py): ilastik's 49 features of dsb2018 scribble pixels as float16,
 * 1000 training and 2000 held-out samples, labels 1 (background) and 2 (nucleus).
 */
record Fixture(float[] x, int[] y, int n, int features) {

    static final int F = 49;

    static Fixture train() {
        return load("train");
    }

    static Fixture test() {
        return load("test");
    }

    static Path path(String name) {
        try {
            return Path.of(Fixture.class.getResource("/forest/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Fixture load(String which) {
        try {
            float[] x = ForestTestData.readHalfFloats(path("dsb_scribbles_" + which + "_x.f16"));
            byte[] b = Files.readAllBytes(path("dsb_scribbles_" + which + "_y.u8"));
            int[] y = new int[b.length];
            for (int i = 0; i < b.length; i++) y[i] = b[i];
            return new Fixture(x, y, y.length, F);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fraction of samples whose most probable class (ties: lowest) is their label. */
    static double accuracy(RandomForest rf, Fixture d) {
        float[] p = rf.predict(d.x, d.n);
        int K = rf.classCount(), correct = 0;
        int[] labels = rf.classLabels();
        for (int i = 0; i < d.n; i++) {
            int best = 0;
            for (int k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
            if (labels[best] == d.y[i]) correct++;
        }
        return (double) correct / d.n;
    }
}
