package org.sylva.features;

/** A selected scale is too large for the image (ilastik's "select smaller scales" constraint). */
public class FeatureScaleException extends IllegalArgumentException {
    public FeatureScaleException(String message) { super(message); }
}
