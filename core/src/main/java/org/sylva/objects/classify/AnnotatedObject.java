package org.sylva.objects.classify;

import java.util.BitSet;
import java.util.Objects;

/**
 * One object the user gave a class, remembered by its pixels rather than its id, so that the annotation survives a
 * new segmentation (other threshold, other size filter): the pixels are a mask over the object's bounding box.
 *
 * @param time   time point (0-based)
 * @param label  the class (1-based)
 * @param z0     bounding box origin, z
 * @param y0     bounding box origin, y
 * @param x0     bounding box origin, x
 * @param depth  bounding box extent along z (≥ 1)
 * @param height bounding box extent along y (≥ 1)
 * @param width  bounding box extent along x (≥ 1)
 * @param mask   bit {@code (dz * height + dy) * width + dx} set for the object's pixels
 * @param origin where the annotation came from, for messages (e.g. {@code row 4 of clicks.csv})
 */
public record AnnotatedObject(int time, int label, int z0, int y0, int x0, int depth, int height, int width,
                              BitSet mask, String origin) {

    public AnnotatedObject {
        Objects.requireNonNull(mask, "mask");
        origin = origin == null ? "" : origin;
        if (label < 1) throw new IllegalArgumentException("classes are numbered from 1, got " + label);
        if (time < 0 || z0 < 0 || y0 < 0 || x0 < 0) throw new IllegalArgumentException("negative position");
        if (depth < 1 || height < 1 || width < 1) throw new IllegalArgumentException("empty bounding box");
        if ((long) depth * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an annotated object's bounding box is too large");
        }
        if (mask.length() > depth * height * width) throw new IllegalArgumentException("mask outside the box");
        mask = (BitSet) mask.clone();
    }

    @Override
    public BitSet mask() { return (BitSet) mask.clone(); }

    /** Number of pixels of the object. */
    public int pixels() { return mask.cardinality(); }

    /** Whether the mask holds box pixel {@code i} ({@code (dz * height + dy) * width + dx}). */
    boolean has(int i) { return mask.get(i); }

    /** The same object with another class. */
    public AnnotatedObject withLabel(int newLabel) {
        return new AnnotatedObject(time, newLabel, z0, y0, x0, depth, height, width, mask, origin);
    }

    /** A short description for messages: the origin, else the box position. */
    public String describe() {
        return origin.isEmpty() ? "the object at t=" + time + " z=" + z0 + " y=" + y0 + " x=" + x0 : origin;
    }

    /** Equal when time, class, box and pixels are; the origin (a message text) does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AnnotatedObject a && a.time == time && a.label == label && a.z0 == z0 && a.y0 == y0
                && a.x0 == x0 && a.depth == depth && a.height == height && a.width == width && a.mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(time, label, z0, y0, x0, depth, height, width, mask);
    }

    @Override
    public String toString() {
        return "AnnotatedObject[t=" + time + ", class " + label + ", box z" + z0 + " y" + y0 + " x" + x0 + " "
                + depth + "×" + height + "×" + width + ", " + pixels() + " px" + (origin.isEmpty() ? "" : ", " + origin)
                + "]";
    }
}
