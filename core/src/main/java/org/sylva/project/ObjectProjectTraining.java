package org.sylva.project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.classify.ObjectTraining;

/**
 * Trains an Object Classification project's classifier from its object labels ({@code --retrain}, or a project
 * without a current forest): every labelled lane's raw data and second input are read, its objects found with the
 * project's segmentation, the labels placed on them by overlap ({@link org.sylva.objects.classify.ObjectAnnotations
 * #assign}), and the forest grown with the project's features, classes, seed and tree count; the project records
 * it with the key of what it was trained on.
 */
public final class ObjectProjectTraining {

    /**
     * @param project the project with its new, current forest
     * @param result  the training figures (labelled objects per class, out-of-bag accuracy, labels that found no
     *                object)
     */
    public record Trained(ObjectProject project, ObjectTraining.Result result) {}

    private ObjectProjectTraining() {}

    /**
     * @throws LaneDataException if a labelled lane's data is missing or not the file the project was made with
     * @throws IllegalArgumentException if no object is labelled, fewer than two classes have labelled objects, or
     *                                  a lane's inputs do not fit each other
     * @throws IOException if data cannot be read
     */
    public static Trained train(ObjectProject project, Workers workers) throws IOException {
        List<ObjectTraining.Sample> samples = new ArrayList<>();
        for (ObjectLane lane : project.lanes()) {
            if (lane.annotations().isEmpty()) continue;
            Image raw = lane.raw().read();
            Image input = lane.input().read();
            ObjectLabels objects = project.segmentation().objects(raw, input, workers);
            samples.add(new ObjectTraining.Sample(lane.name(), raw, objects, lane.annotations()));
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the project has no object labels to train from; label objects of at"
                    + " least two classes first");
        }
        TrainingOptions options = TrainingOptions.defaults().withSeed(project.seed())
                .withTreeCount(project.treeCount());
        ObjectTraining.Result r = ObjectTraining.train(samples, project.features(), project.classes(), options,
                workers);
        return new Trained(project.withForest(r.classifier()), r);
    }
}
