package org.sylva.objects.classify;

/**
 * The classifier's results for the objects of one time point (spec §5.6): per object id 1..N the probability of
 * every class, the predicted class and the uncertainty.
 *
 * @param time          the time point
 * @param objects       N
 * @param classes       K, the number of classes (probability channels)
 * @param probabilities {@code probabilities[(id − 1) · K + k − 1]} = P(class k) of object {@code id}
 * @param predicted     {@code predicted[id − 1]} = 1 + argmax (ties: the lower class)
 * @param uncertainty   {@code uncertainty[id − 1]} = 1 − (largest − second largest probability); 0 for one class,
 *                      and 0 for every object when no object of the frame has a non-zero second probability
 */
public record ObjectPredictions(int time, int objects, int classes, float[] probabilities, int[] predicted,
                                float[] uncertainty) {

    public ObjectPredictions {
        if (probabilities.length != (long) objects * classes || predicted.length != objects
                || uncertainty.length != objects) {
            throw new IllegalArgumentException("arrays do not match " + objects + " objects × " + classes + " classes");
        }
    }

    /** P(class k) of object {@code id} (both 1-based). */
    public float probability(int id, int k) {
        return probabilities[(id - 1) * classes + k - 1];
    }

    /** The predicted class (1-based) of object {@code id}. */
    public int predicted(int id) {
        return predicted[id - 1];
    }

    /** Derives the predicted classes and uncertainties from probabilities, as ilastik does. */
    static ObjectPredictions of(int time, int objects, int classes, float[] p) {
        int[] predicted = new int[objects];
        float[] uncertainty = new float[objects];
        boolean anySecond = false;
        for (int i = 0; i < objects; i++) {
            int o = i * classes;
            int best = 0;
            for (int k = 1; k < classes; k++) if (p[o + k] > p[o + best]) best = k;
            float second = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) if (k != best && p[o + k] > second) second = p[o + k];
            predicted[i] = best + 1;
            if (classes > 1) {
                if (second > 0) anySecond = true;
                uncertainty[i] = 1f - (p[o + best] - second);
            }
        }
        // ilastik: if every non-max entry of the frame is ≤ 0, the uncertainty is 0 everywhere
        if (!anySecond) java.util.Arrays.fill(uncertainty, 0f);
        return new ObjectPredictions(time, objects, classes, p, predicted, uncertainty);
    }
}
