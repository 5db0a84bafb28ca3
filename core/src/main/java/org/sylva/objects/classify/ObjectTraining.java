package org.sylva.objects.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.objects.features.ObjectFeatures;
import org.sylva.pixel.LabelClass;

/**
 * Trains an object classifier from labelled objects of one or more images: the features of every object are
 * computed (all objects, so that the tables can be exported too), the labels placed on the objects
 * ({@link ObjectAnnotations#assign}), and a forest grown on the labelled rows ({@link ObjectClassifier#train}).
 */
public final class ObjectTraining {

    /**
     * One training image.
     *
     * @param source      the raw data's name, for messages and tables
     * @param raw         the raw data
     * @param objects     its objects
     * @param annotations the user's labels of its objects (may be empty)
     */
    public record Sample(String source, Image raw, ObjectLabels objects, ObjectAnnotations annotations) {
        public Sample {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(objects, "objects");
            Objects.requireNonNull(annotations, "annotations");
        }
    }

    /**
     * What training made and measured.
     *
     * @param trained  the classifier with the number of labelled objects per class and the out-of-bag accuracy
     * @param tables   the feature tables of every image (per image, per time point)
     * @param labels   the labels placed on the objects, per image
     */
    public record Result(ObjectClassifier.Trained trained, List<List<ObjectFeatureTable>> tables,
                         List<ObjectAnnotations.Assignment> labels) {

        public ObjectClassifier classifier() { return trained.classifier(); }

        /** Labels that found no object, over all images. */
        public List<ObjectAnnotations.Unmapped> unmapped() {
            List<ObjectAnnotations.Unmapped> u = new ArrayList<>();
            for (ObjectAnnotations.Assignment a : labels) u.addAll(a.unmapped());
            return u;
        }
    }

    private ObjectTraining() {}

    /**
     * @throws IllegalArgumentException if images and objects do not fit, a selected feature is not available for
     *                                  the images, or fewer than two classes have labelled objects
     */
    public static Result train(List<Sample> samples, ObjectFeatureSelection selection, List<LabelClass> classes,
                               TrainingOptions options, Workers workers) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no training images");
        List<List<ObjectFeatureTable>> tables = new ArrayList<>();
        List<ObjectAnnotations.Assignment> assignments = new ArrayList<>();
        List<ObjectFeatureTable> flat = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        ObjectFeatures features = new ObjectFeatures(workers);
        for (Sample s : samples) {
            for (int t = 0; t < s.objects().counts().length; t++) LabelPlanes.count(s.objects(), t);
            List<ObjectFeatureTable> tt = features.compute(s.raw(), s.objects().image(), selection);
            ObjectAnnotations.Assignment a = s.annotations().assign(s.objects());
            tables.add(tt);
            assignments.add(a);
            flat.addAll(tt);
            for (ObjectFeatureTable t : tt) labels.add(a.classOf(t.time()));
        }
        ObjectClassifier.Trained trained = ObjectClassifier.train(flat, labels, selection, classes,
                options.withThreads(workers.threads()));
        return new Result(trained, tables, assignments);
    }
}
