package org.sylva.objects.features;

/**
 * What the convex-hull features take as the hull.
 *
 * <p>ilastik computes them with vigra's {@code ConvexHullFeatures} accumulator, whose polytope is never closed:
 * its {@code ConvexHull} adds the initial vertices with {@code addVertex} (no facets are created), every later
 * {@code addExtremeVertex} finds no lit facet, and {@code fill} then accepts every point (no facet rejects it). The
 * "hull" ilastik reports is therefore the object's bounding box: HullVolume = box volume, HullCenter = box centre,
 * defects = the box minus the object. The values stored in ilastik's own Object Classification projects
 * ({@code ../shared/fixtures/ilastik/object}) are exactly these, and forests trained in ilastik expect them.
 */
public enum HullMode {
    /** ilastik's numbers: the bounding box plays the hull (see above). The default. */
    ILASTIK,
    /**
     * The hull vigra's documentation describes: the pixel centres of the bounding box that lie in the convex hull
     * of the object's pixel centres (boundary included). Not what ilastik computes.
     */
    GEOMETRIC
}
