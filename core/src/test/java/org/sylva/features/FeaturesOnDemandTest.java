package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/** Stage 1 kept, stage 2 for any box: the same bits as the whole-image computation, for boxes of every shape. */
class FeaturesOnDemandTest {

    private static Workers workers;

    @BeforeAll
    static void start() { workers = new Workers(2); }

    @AfterAll
    static void stop() { workers.close(); }

    private static final FeatureSelection ALL_TYPES = FeatureSelection.parse("GaussianSmoothing@0.3,"
            + "LaplacianOfGaussian@1.6,GaussianGradientMagnitude@1.0,DifferenceOfGaussians@3.5,"
            + "StructureTensorEigenvalues@1.6,HessianOfGaussianEigenvalues@0.7");

    @Test
    void boxesOfA2dImageEqualTheWholeImage() {
        Image img = FeatureEngineTest.noise(5, Axes.of("yxc"), 70, 150, 2);
        FeatureEngine engine = new FeatureEngine(ALL_TYPES, workers);
        Image whole = engine.compute(img);
        FeatureEngine.Presmoothed p = engine.presmooth(img, 0);
        assertEquals(whole.shape().c(), p.channels());
        List<Box> boxes = List.of(new Box(0, 0, 0, 1, 70, 150), new Box(0, 3, 5, 1, 1, 1), new Box(0, 69, 149, 1, 1, 1),
                new Box(0, 10, 0, 1, 1, 150), new Box(0, 0, 77, 1, 70, 1), new Box(0, 31, 120, 1, 33, 29));
        for (Box b : boxes) check(whole, 0, engine, p, b);
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) check(whole, 0, engine, p, randomBox(r, img.shape()));
    }

    @Test
    void slicesOfAVolumeInEveryOrientationEqualTheWholeVolume() {
        Image vol = FeatureEngineTest.noise(7, Axes.of("zyx"), 23, 41, 37);
        FeatureEngine engine = new FeatureEngine(ALL_TYPES, workers);
        Image whole = engine.compute(vol);
        FeatureEngine.Presmoothed p = engine.presmooth(vol, 0);
        Shape s = vol.shape();
        List<Box> boxes = List.of(new Box(0, 0, 0, 23, 41, 37), new Box(11, 0, 0, 1, 41, 37),
                new Box(0, 20, 0, 23, 1, 37), new Box(0, 0, 36, 23, 41, 1), new Box(22, 40, 0, 1, 1, 37),
                new Box(0, 0, 0, 1, 1, 1), new Box(5, 6, 7, 9, 10, 11));
        for (Box b : boxes) check(whole, 0, engine, p, b);
        Random r = new Random(2);
        for (int i = 0; i < 10; i++) check(whole, 0, engine, p, randomBox(r, s));
    }

    @Test
    void timePointsAndScalesIn2dOfAVolume() {
        Image vol = FeatureEngineTest.noise(9, Axes.of("tzyx"), 2, 9, 30, 33);
        FeatureSelection sel = FeatureSelection.parse("GaussianSmoothing@1.0,HessianOfGaussianEigenvalues@1.6")
                .in2d();
        FeatureEngine engine = new FeatureEngine(sel, workers);
        Image whole = engine.compute(vol);
        for (int t = 0; t < 2; t++) {
            FeatureEngine.Presmoothed p = engine.presmooth(vol, t);
            assertEquals(t, p.t());
            check(whole, t, engine, p, new Box(4, 0, 0, 1, 30, 33));
            check(whole, t, engine, p, new Box(0, 7, 0, 9, 1, 33));
            check(whole, t, engine, p, new Box(0, 0, 3, 9, 30, 1));
        }
        assertArrayEquals(new int[]{1, 30, 33}, engine.tileShape(vol.shape()));
    }

    @Test
    void boxesOutsideTheImageAreRefused() {
        Image img = FeatureEngineTest.noise(5, Axes.of("yx"), 20, 20);
        FeatureEngine engine = new FeatureEngine(ALL_TYPES, workers);
        FeatureEngine.Presmoothed p = engine.presmooth(img, 0);
        assertThrows(IllegalArgumentException.class, () -> engine.compute(p, new Box(0, 15, 0, 1, 6, 5)));
        assertThrows(IllegalArgumentException.class, () -> engine.compute(p, new Box(1, 0, 0, 1, 6, 5)));
        assertThrows(IllegalArgumentException.class, () -> engine.presmooth(img, 1));
    }

    private static Box randomBox(Random r, Shape s) {
        int z0 = r.nextInt(s.z()), y0 = r.nextInt(s.y()), x0 = r.nextInt(s.x());
        return new Box(z0, y0, x0, 1 + r.nextInt(s.z() - z0), 1 + r.nextInt(s.y() - y0), 1 + r.nextInt(s.x() - x0));
    }

    private static void check(Image whole, int t, FeatureEngine engine, FeatureEngine.Presmoothed p, Box box) {
        assertSame(whole, t, engine.compute(p, box), box);
    }

    /** {@code got} (pixel-major features of {@code box}) equals the whole image's features there, bit for bit. */
    private static void assertSame(Image whole, int t, float[] got, Box box) {
        int F = whole.shape().c();
        int i = 0;
        for (int z = box.z0(); z < box.z0() + box.depth(); z++) {
            float[] plane = (float[]) whole.plane(t, z);
            for (int y = box.y0(); y < box.y0() + box.height(); y++) {
                for (int x = box.x0(); x < box.x0() + box.width(); x++, i++) {
                    for (int f = 0; f < F; f++) {
                        float want = plane[(y * whole.shape().x() + x) * F + f];
                        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got[i * F + f])) {
                            throw new AssertionError("box " + box + ": z=" + z + " y=" + y + " x=" + x + " channel "
                                    + f + ": whole image " + want + ", box " + got[i * F + f]);
                        }
                    }
                }
            }
        }
        assertEquals(i * F, got.length);
    }
}
