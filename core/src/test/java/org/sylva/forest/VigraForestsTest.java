package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * ilastik's stored forests, imported, predict exactly what vigra predicts with the same forests (vigra 1.11.1 loads
 * each Forest group itself; ilastik combines them tree-count-weighted).
 */
class VigraForestsTest {

    private static final String PIXEL = "fixtures/ilastik/pixel/PixelClass.ilp";
    private static final String PIXEL_3D = "fixtures/ilastik/pixel/PixelClass3D.ilp";
    private static final String OBJECT = "fixtures/ilastik/object/ObjectClassification2d3c_wPred.ilp";

    /** vigra's own prediction: each Forest group loaded by vigra, combined Σ n_f·P_f / N as ilastik does. */
    private static final String VIGRA_PREDICT = String.join("\n",
            "import sys, h5py, numpy as np, vigra",
            "ilp, group, xfile, F, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]",
            "X = np.fromfile(xfile, dtype='<f4').reshape(-1, F)",
            "with h5py.File(ilp, 'r') as f:",
            "    names = sorted(k for k in f[group] if k.startswith('Forest'))",
            "total, acc = 0, None",
            "for name in names:",
            "    rf = vigra.learning.RandomForest(ilp, group + '/' + name)",
            "    p = rf.predictProbabilities(X).astype(np.float64) * rf.treeCount()",
            "    acc = p if acc is None else acc + p",
            "    total += rf.treeCount()",
            "(acc / total).astype('<f4').tofile(out)",
            "print(total)");

    @Test
    void pixelClassificationForestsPredictLikeVigra(@TempDir Path tmp) throws Exception {
        VigraForests.Imported imp = VigraForests.read(Shared.path(PIXEL), "PixelClassification/ClassifierForests");
        assertEquals(25, imp.forest().featureCount());
        assertEquals(100, imp.forest().treeCount(), "8 forests of 13,13,13,13,12,12,12,12 trees");
        assertArrayEquals(new int[] {1, 2}, imp.knownLabels());
        assertEquals(25, imp.featureNames().size());
        assertEquals("Gaussian Smoothing (σ=0.3) in 2D", imp.featureNames().get(0), "UTF-8 σ from |S51 bytes");
        assertEquals("Hessian of Gaussian Eigenvalues (σ=10.0) in 2D [1]", imp.featureNames().get(24));
        assertPredictsLikeVigra(imp.forest(), Shared.path(PIXEL), "PixelClassification/ClassifierForests", tmp);
    }

    @Test
    void pixelClassification3dForestsPredictLikeVigra(@TempDir Path tmp) throws Exception {
        VigraForests.Imported imp = VigraForests.read(Shared.path(PIXEL_3D), "PixelClassification/ClassifierForests");
        assertEquals(11, imp.forest().featureCount());
        assertEquals(10 * 10, imp.forest().treeCount(), "10 forests of 10 trees (Tree_0 … Tree_9, unpadded names)");
        assertEquals("Structure Tensor Eigenvalues (σ=3.5) [2]", imp.featureNames().get(7), "variable-length UTF-8");
        assertPredictsLikeVigra(imp.forest(), Shared.path(PIXEL_3D), "PixelClassification/ClassifierForests", tmp);
    }

    @Test
    void objectClassificationForestPredictsLikeVigra(@TempDir Path tmp) throws Exception {
        VigraForests.Imported imp = VigraForests.read(Shared.path(OBJECT), "ObjectClassification/ClassifierForests");
        assertEquals(99, imp.forest().featureCount());
        assertEquals(100, imp.forest().treeCount());
        assertTrue(imp.featureNames().isEmpty(), "object forests store no feature names");
        assertPredictsLikeVigra(imp.forest(), Shared.path(OBJECT), "ObjectClassification/ClassifierForests", tmp);
    }

    /** The worked example of spec ilastik-compat §2.4: Forest0000/Tree_00 of PixelClass.ilp. */
    @Test
    void firstTreeOfPixelClassMatchesTheSpecExample() throws Exception {
        DecisionTree t = VigraForests.read(Shared.path(PIXEL), "PixelClassification/ClassifierForests")
                .forest().tree(0);
        assertEquals(1, t.nodeCount());
        int root = t.root();
        assertEquals(16, t.feature(root));
        // the stored double, printed by h5py (an independent reader) with full precision
        double stored = Double.parseDouble(Python.run(
                "import sys, h5py; f = h5py.File(sys.argv[1], 'r');"
                        + " print(repr(float(f['PixelClassification/ClassifierForests/Forest0000/Tree_00/parameters'][1])))",
                Shared.path(PIXEL).toString()).trim());
        assertEquals(0.00211, stored, 1e-5);
        float t32 = t.threshold(root);
        assertTrue(t32 >= stored && Math.nextDown(t32) < stored, "smallest float ≥ the stored threshold");
        // topology [25, 2, 0,0,9,7,16, LEAF,2, LEAF,5]: child 0 (x < t) is the leaf at index 9 → parameters[5..7]
        // = [94, 1, 0]; child 1 the leaf at index 7 → parameters[2..4] = [63, 0, 1]
        int left = ~t.left(root), right = ~t.right(root);
        assertEquals(1f, t.probability(left, 0));
        assertEquals(0f, t.probability(left, 1));
        assertEquals(0f, t.probability(right, 0));
        assertEquals(1f, t.probability(right, 1));
        assertEquals(94, t.samples(left));
        assertEquals(63, t.samples(right));
    }

    @Test
    void malformedTreesAreRejectedNamingTheGroup(@TempDir Path tmp) throws Exception {
        String corrupt = String.join("\n",
                "import sys, shutil, h5py, numpy as np",
                "src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]",
                "shutil.copy(src, dst)",
                "with h5py.File(dst, 'r+') as f:",
                "    g = f['PixelClassification/ClassifierForests/Forest0003/Tree_05']",
                "    topo = g['topology'][:]",
                "    if what == 'child': topo[4] = 10**6",
                "    if what == 'type': topo[2] = 1",
                "    if what == 'column': topo[6] = 25",
                "    if what == 'cycle': topo[4] = 2",
                "    del g['topology']",
                "    g['topology'] = topo.astype(np.int32)");
        for (String what : new String[] {"child", "type", "column", "cycle"}) {
            Path bad = tmp.resolve(what + ".ilp");
            Python.run(corrupt, Shared.path(PIXEL).toString(), bad.toString(), what);
            ForestFormatException e = assertThrows(ForestFormatException.class,
                    () -> VigraForests.read(bad, "PixelClassification/ClassifierForests"), what);
            assertTrue(e.getMessage().contains("Forest0003/Tree_05"), e.getMessage());
            assertTrue(e.getMessage().startsWith(what + ".ilp"), e.getMessage());
        }
        ForestFormatException missing = assertThrows(ForestFormatException.class,
                () -> VigraForests.read(Shared.path(PIXEL), "PixelClassification/NoSuchGroup"));
        assertTrue(missing.getMessage().contains("NoSuchGroup"), missing.getMessage());
    }

    private static void assertPredictsLikeVigra(RandomForest forest, Path ilp, String group, Path tmp)
            throws Exception {
        int rows = 4000, F = forest.featureCount(), K = forest.classCount();
        float[] x = ForestTestData.probeRows(forest, rows, 20, 17);
        Path xf = tmp.resolve("x.f32"), pf = tmp.resolve("p.f32");
        ForestTestData.writeFloats(xf, x);
        String trees = Python.run(VIGRA_PREDICT, ilp.toString(), group, xf.toString(), Integer.toString(F),
                pf.toString()).trim();
        assertEquals(forest.treeCount(), Integer.parseInt(trees));
        float[] expected = ForestTestData.readFloats(pf);
        assertEquals(rows * K, expected.length);
        float[] ours = new float[rows * K];
        forest.predict(x, rows, F, ours, 2);
        int nanRows = 0, mixed = 0;
        for (int r = 0; r < rows; r++) {
            boolean nan = false;
            for (int f = 0; f < F; f++) nan |= Float.isNaN(x[r * F + f]);
            if (nan) nanRows++;
            if (ours[r * K] > 0 && ours[r * K] < 1) mixed++;
            for (int k = 0; k < K; k++) {
                assertEquals(expected[r * K + k], ours[r * K + k], 1e-6, "row " + r + " class " + k);
                if (nan) assertEquals(0f, ours[r * K + k], "NaN row " + r);
            }
        }
        assertTrue(nanRows > 0, "some rows contain NaN");
        assertTrue(mixed > rows / 10, "the probe rows reach a variety of leaves (" + mixed + " mixed votes)");
        assertTrue(Files.size(pf) > 0);
    }
}
