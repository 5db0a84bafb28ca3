package org.sylva.project;

import java.util.Objects;
import org.sylva.objects.classify.ObjectAnnotations;

/**
 * An image of an Object Classification project: its raw data, the second input its objects come from (prediction
 * maps, segmentation or label image, as the project's segmentation says) and the user's object labels on it.
 */
public record ObjectLane(DataLane raw, DataLane input, ObjectAnnotations annotations) {

    public ObjectLane {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(annotations, "annotations");
    }

    /** The lane's name (the raw data's nickname). */
    public String name() { return raw.name(); }

    /** This lane with other labels. */
    public ObjectLane withAnnotations(ObjectAnnotations a) { return new ObjectLane(raw, input, a); }
}
