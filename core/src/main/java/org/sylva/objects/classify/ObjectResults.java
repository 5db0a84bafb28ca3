package org.sylva.objects.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.objects.features.ObjectFeatures;
import org.sylva.pixel.LabelClass;

/**
 * Object Classification applied to one image: its objects, their feature tables and the classifier's predictions
 * (one per time point), the user's labels if any, and the export images painted from them (spec §5.7).
 */
public final class ObjectResults {

    private final String source;
    private final Image raw;
    private final ObjectLabels objects;
    private final List<ObjectFeatureTable> tables;
    private final List<ObjectPredictions> predictions;
    private final ObjectAnnotations.Assignment userLabels;
    private final List<LabelClass> classes;

    ObjectResults(String source, Image raw, ObjectLabels objects, List<ObjectFeatureTable> tables,
                  List<ObjectPredictions> predictions, ObjectAnnotations.Assignment userLabels,
                  List<LabelClass> classes) {
        this.source = source;
        this.raw = raw;
        this.objects = objects;
        this.tables = List.copyOf(tables);
        this.predictions = List.copyOf(predictions);
        this.userLabels = userLabels;
        this.classes = List.copyOf(classes);
    }

    /**
     * Finds the objects of {@code raw} with {@code segmentation} from {@code input}, computes the classifier's
     * features (and ilastik's default features) and predicts every object.
     *
     * @param source     the raw data's name (file or {@code file.h5/dataset}), written in tables
     * @param annotations the user's labels of this image, or null
     * @throws IllegalArgumentException for inputs that do not fit (extents, channels, dimensionality, labels)
     */
    public static ObjectResults compute(String source, Image raw, Image input, ObjectSegmentation segmentation,
                                        ObjectClassifier classifier, ObjectAnnotations annotations, Workers workers) {
        ObjectLabels objects = segmentation.objects(raw, input, workers);
        return compute(source, raw, objects, classifier, annotations, workers);
    }

    /** As {@link #compute(String, Image, Image, ObjectSegmentation, ObjectClassifier, ObjectAnnotations, Workers)}
     *  on objects already found. */
    public static ObjectResults compute(String source, Image raw, ObjectLabels objects, ObjectClassifier classifier,
                                        ObjectAnnotations annotations, Workers workers) {
        Objects.requireNonNull(classifier, "classifier");
        for (int t = 0; t < objects.counts().length; t++) LabelPlanes.count(objects, t);
        List<ObjectFeatureTable> tables = new ObjectFeatures(workers).compute(raw, objects.image(),
                classifier.features());
        List<ObjectPredictions> predictions = new ArrayList<>();
        for (ObjectFeatureTable t : tables) predictions.add(classifier.predict(t, workers.threads()));
        ObjectAnnotations.Assignment user = annotations == null ? null : annotations.assign(objects);
        return new ObjectResults(source, raw, objects, tables, predictions, user, classifier.classes());
    }

    public String source() { return source; }

    public Image raw() { return raw; }

    public ObjectLabels objects() { return objects; }

    /** Feature tables, one per time point. */
    public List<ObjectFeatureTable> tables() { return tables; }

    /** Predictions, one per time point. */
    public List<ObjectPredictions> predictions() { return predictions; }

    /** The user's labels placed on these objects, or null. */
    public ObjectAnnotations.Assignment userLabels() { return userLabels; }

    public List<LabelClass> classes() { return classes; }

    /** Total objects over all time points. */
    public long objectCount() { return objects.total(); }

    /** The image of an export source, painted from the predictions: t, z, y, x and axes of the objects' image. */
    public Image image(ObjectSource s) {
        Image ids = objects.image();
        Shape shape = ids.shape();
        Axes axes = ids.axes();
        return switch (s) {
            case IDENTITIES -> ids;
            case PREDICTIONS -> {
                if (classes.size() > 255) throw new IllegalArgumentException("more than 255 classes do not fit uint8");
                Image out = Image.create(DType.UINT8, shape.with('c', 1), axes).withCalibration(raw.calibration())
                        .withName(raw.name());
                for (int t = 0; t < shape.t(); t++) {
                    int[] predicted = predictions.get(t).predicted();
                    byte[] lut = new byte[predicted.length + 1];
                    for (int i = 0; i < predicted.length; i++) lut[i + 1] = (byte) predicted[i];
                    for (int z = 0; z < shape.z(); z++) {
                        Object in = ids.plane(t, z);
                        byte[] o = (byte[]) out.plane(t, z);
                        for (int i = 0; i < o.length; i++) o[i] = lut[(int) LabelPlanes.id(in, i)];
                    }
                }
                yield out;
            }
            case PROBABILITIES -> {
                int K = classes.size();
                Image out = Image.create(DType.FLOAT32, shape.with('c', K), axes.withChannel())
                        .withCalibration(raw.calibration()).withName(raw.name()).withDrange(new double[] {0, 1});
                for (int t = 0; t < shape.t(); t++) {
                    float[] p = predictions.get(t).probabilities();
                    for (int z = 0; z < shape.z(); z++) {
                        Object in = ids.plane(t, z);
                        float[] o = (float[]) out.plane(t, z);
                        int n = shape.y() * shape.x();
                        for (int i = 0; i < n; i++) {
                            int id = (int) LabelPlanes.id(in, i);
                            if (id != 0) System.arraycopy(p, (id - 1) * K, o, i * K, K);
                        }
                    }
                }
                yield out;
            }
        };
    }
}
