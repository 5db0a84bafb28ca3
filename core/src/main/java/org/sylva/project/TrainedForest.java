package org.sylva.project;

import java.util.List;
import java.util.Objects;
import org.sylva.forest.RandomForest;

/**
 * A trained forest together with what it was trained on, so that a stale forest (labels, features, data, seed or
 * tree count changed since) is recognised and never used or saved as if it were current.
 *
 * @param forest the forest
 * @param featureNames the feature channel names of its columns, in order (ilastik's names, e.g.
 *                     {@code "Hessian of Gaussian Eigenvalues (σ=1.6) in 2D [0]"}); as many as the forest has features
 * @param trainingKey {@link SylvaProject#trainingKey()} of the project it was trained from
 */
public record TrainedForest(RandomForest forest, List<String> featureNames, String trainingKey) {

    public TrainedForest {
        Objects.requireNonNull(forest, "forest");
        Objects.requireNonNull(trainingKey, "trainingKey");
        featureNames = List.copyOf(featureNames);
        if (featureNames.size() != forest.featureCount()) {
            throw new IllegalArgumentException("the forest has " + forest.featureCount() + " features but "
                    + featureNames.size() + " feature names were given");
        }
    }
}
