package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sylva.testing.Python;

/** On real ilastik features, our forest classifies as well as vigra's forest trained on the same samples. */
class ForestQualityTest {

    /** vigra RF (ilastik's settings, 100 trees) trained 5 times (clock-seeded): held-out accuracies, OOB errors. */
    private static final String VIGRA = String.join("\n",
            "import sys, numpy as np, vigra",
            "def load(w):",
            "    x = np.fromfile(sys.argv[1] + '/dsb_scribbles_%s_x.f16' % w, dtype='<f2').astype(np.float32)",
            "    y = np.fromfile(sys.argv[1] + '/dsb_scribbles_%s_y.u8' % w, dtype=np.uint8).astype(np.uint32)",
            "    return x.reshape(len(y), -1), y",
            "(X, y), (Xt, yt) = load('train'), load('test')",
            "acc, oob = [], []",
            "for _ in range(5):",
            "    rf = vigra.learning.RandomForest(treeCount=100)",
            "    oob.append(rf.learnRF(X, y.reshape(-1, 1)))",
            "    P = rf.predictProbabilities(Xt)",
            "    acc.append(float(np.mean(np.array([1, 2])[np.argmax(P, axis=1)] == yt)))",
            "print(' '.join(map(str, acc)), ' '.join(map(str, oob)))");

    @Test
    void heldOutAccuracyMatchesVigraOnRealFeatures() {
        Fixture train = Fixture.train(), test = Fixture.test();
        String[] out = Python.run(VIGRA, Fixture.path("dsb_scribbles_train_y.u8").getParent().toString())
                .trim().split(" ");
        double[] vigraAcc = Arrays.stream(out, 0, 5).mapToDouble(Double::parseDouble).toArray();
        double[] vigraOobErr = Arrays.stream(out, 5, 10).mapToDouble(Double::parseDouble).toArray();
        double vigraMean = Arrays.stream(vigraAcc).average().orElseThrow();

        double[] ours = new double[3];
        double[] oobs = new double[3];
        for (int s = 0; s < 3; s++) {
            RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(),
                    TrainingOptions.defaults().withSeed(100 + s).withThreads(2));
            ours[s] = Fixture.accuracy(rf, test);
            oobs[s] = rf.training().orElseThrow().oobAccuracy();
        }
        double oursMean = Arrays.stream(ours).average().orElseThrow();
        String msg = "ours " + Arrays.toString(ours) + ", vigra " + Arrays.toString(vigraAcc);
        System.out.println("held-out accuracy: " + msg + "; OOB ours " + Arrays.toString(oobs) + ", vigra OOB error "
                + Arrays.toString(vigraOobErr));
        assertTrue(oursMean > 0.85, msg);
        assertEquals(vigraMean, oursMean, 0.01, msg);

        // OOB accuracy estimates the held-out accuracy (same sampling rule), as vigra's does
        double oobMean = Arrays.stream(oobs).average().orElseThrow();
        double vigraOobMean = 1 - Arrays.stream(vigraOobErr).average().orElseThrow();
        assertEquals(oursMean, oobMean, 0.025, "OOB " + Arrays.toString(oobs) + " vs held-out " + msg);
        assertEquals(vigraOobMean, oobMean, 0.015, "our OOB vs vigra's OOB accuracy");
    }
}
