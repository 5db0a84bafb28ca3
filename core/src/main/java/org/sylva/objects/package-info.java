/**
 * Object Classification, first half: from prediction maps, a binary segmentation or a label image to objects
 * (spec §5.1–5.3).
 *
 * <ul>
 *   <li>{@link org.sylva.objects.Thresholding} — ilastik's "Threshold and Size Filter" applet
 *       ({@link org.sylva.objects.ThresholdSettings}: simple, hysteresis, hysteresis without merging; smoothing;
 *       {@link org.sylva.objects.SizeFilter}); its output is ilastik's threshold image (uint32, ids not
 *       consecutive).</li>
 *   <li>{@link org.sylva.objects.ConnectedComponents} — {@code label} (maximal connected regions of one equal
 *       non-zero value, {@link org.sylva.objects.Connectivity} 4/6 as ilastik or 8/26) for binary segmentations
 *       and threshold outputs; {@code relabelConsecutive} for label images (each distinct value one object, its
 *       value kept as the original id).</li>
 *   <li>{@link org.sylva.objects.ObjectInputs} — raw and segmentation must share t, z, y, x extents.</li>
 * </ul>
 *
 * <h2>The label image: the contract with object features</h2>
 * An {@link org.sylva.objects.ObjectLabels} holds a label image ({@link org.sylva.image.Image}) that:
 * <ul>
 *   <li>is {@link org.sylva.image.DType#UINT32} ({@code int[]} planes, read unsigned), or
 *       {@link org.sylva.image.DType#UINT64} ({@code long[]} planes) for the whole image as soon as one time point
 *       has more than 2^32 − 1 objects;</li>
 *   <li>has one channel and the t, z, y, x extents, axes, calibration and name of its source (the planes are
 *       the usual canonical (t, z) planes of y·x samples);</li>
 *   <li>holds 0 for background and ids 1..N consecutive in every time point, numbered in order of first
 *       occurrence in a raster scan with x fastest, then y, then z — ilastik's object ids; ids restart at 1 in
 *       every time point; N is {@link org.sylva.objects.ObjectLabels#count(int)} (0 for a time point without
 *       objects, which is valid, not an error).</li>
 * </ul>
 * For relabelled label images, {@link org.sylva.objects.ObjectLabels#originalId} gives the user's value of each
 * object (ilastik's {@code original_oid}).
 *
 * <p>Graph-cut thresholding (ilastik's method 2, an optional dependency there) is not implemented.
 */
package org.sylva.objects;
