package org.sylva.project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.pixel.PixelTraining;

/**
 * Trains a project's classifier from its labels: every labelled lane's data is read, the forest is grown with the
 * project's features, classes, seed and tree count, and recorded in the project with the key of what it was
 * trained on (ilastik's "Live Update" or {@code --retrain}).
 */
public final class ProjectTraining {

    /**
     * @param project the project with its new forest (current, so {@link SylvaProject#classifier()} offers it)
     * @param result the training figures (samples per class, out-of-bag accuracy, timings)
     */
    public record Trained(SylvaProject project, PixelTraining.Result result) {}

    private ProjectTraining() {}

    /**
     * @throws LaneDataException if a labelled lane's data is missing or not the file the project was made with
     * @throws IllegalArgumentException if there are no labels, or a class has none
     * @throws IOException if data cannot be read
     */
    public static Trained train(SylvaProject project, Workers workers, Progress progress) throws IOException {
        List<Image> raws = new ArrayList<>(), labels = new ArrayList<>();
        for (int i = 0; i < project.lanes().size(); i++) {
            SparseLabels l = project.labels(i);
            if (l.isEmpty()) continue;
            raws.add(project.lanes().get(i).read());
            labels.add(l.toImage());
        }
        if (raws.isEmpty()) {
            throw new IllegalArgumentException("the project has no labels to train from; label some pixels of each"
                    + " class first");
        }
        TrainingOptions options = TrainingOptions.defaults().withSeed(project.seed())
                .withTreeCount(project.treeCount());
        PixelTraining.Result r = PixelTraining.train(raws, labels, project.features(), project.classes(), options,
                workers, progress);
        return new Trained(project.withForest(r.classifier().forest()), r);
    }
}
