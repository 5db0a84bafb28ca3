package org.sylva.objects.features;

import static org.sylva.objects.features.ObjectFeature.CONVEX_HULL_2D;
import static org.sylva.objects.features.ObjectFeature.CONVEX_HULL_3D;
import static org.sylva.objects.features.ObjectFeature.DEFAULT;
import static org.sylva.objects.features.ObjectFeature.IN_NEIGHBORHOOD;
import static org.sylva.objects.features.ObjectFeature.IN_OBJECT_AND_NEIGHBORHOOD;
import static org.sylva.objects.features.ObjectFeature.SKELETON_2D;
import static org.sylva.objects.features.ObjectFeature.STANDARD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What ilastik offers for an image of {@code dims} spatial dimensions (2 or 3) and {@code channels} raw channels
 * (spec §5.4): vigra's single-band (40 features) or multi-band (33) accumulator set, the neighbourhood variants, the
 * convex-hull plugin of the right dimensionality, the 2D skeleton plugin, and the default group. Names, display
 * names, groups and the advanced flag are those of ilastik's {@code fill_properties}.
 */
final class FeatureCatalog {

    /** vigra's single-band set ({@code supportedRegionFeatures}, spaces removed), in vigra's order. */
    private static final String[] SINGLE = {
        "Central<PowerSum<2>>", "Central<PowerSum<3>>", "Central<PowerSum<4>>", "Coord<ArgMaxWeight>",
        "Coord<ArgMinWeight>", "Coord<DivideByCount<Principal<PowerSum<2>>>>", "Coord<Maximum>", "Coord<Minimum>",
        "Coord<PowerSum<1>>", "Coord<Principal<Kurtosis>>", "Coord<Principal<PowerSum<2>>>",
        "Coord<Principal<PowerSum<3>>>", "Coord<Principal<PowerSum<4>>>", "Coord<Principal<Skewness>>", "Count",
        "Global<Maximum>", "Global<Minimum>", "Histogram", "Kurtosis", "Maximum", "Mean", "Minimum", "Quantiles",
        "RegionAxes", "RegionCenter", "RegionRadii", "Skewness", "Sum", "Variance",
        "Weighted<Coord<DivideByCount<Principal<PowerSum<2>>>>>", "Weighted<Coord<PowerSum<1>>>",
        "Weighted<Coord<Principal<Kurtosis>>>", "Weighted<Coord<Principal<PowerSum<2>>>>",
        "Weighted<Coord<Principal<PowerSum<3>>>>", "Weighted<Coord<Principal<PowerSum<4>>>>",
        "Weighted<Coord<Principal<Skewness>>>", "Weighted<PowerSum<0>>", "Weighted<RegionAxes>",
        "Weighted<RegionCenter>", "Weighted<RegionRadii>"};

    /** vigra's multi-band set, in vigra's order. */
    private static final String[] MULTI = {
        "Central<PowerSum<2>>", "Central<PowerSum<3>>", "Central<PowerSum<4>>",
        "Coord<DivideByCount<Principal<PowerSum<2>>>>", "Coord<Maximum>", "Coord<Minimum>", "Coord<PowerSum<1>>",
        "Coord<Principal<Kurtosis>>", "Coord<Principal<PowerSum<2>>>", "Coord<Principal<PowerSum<3>>>",
        "Coord<Principal<PowerSum<4>>>", "Coord<Principal<Skewness>>", "Count", "Covariance", "Kurtosis", "Maximum",
        "Mean", "Minimum", "Principal<Kurtosis>", "Principal<Maximum>", "Principal<Minimum>",
        "Principal<PowerSum<2>>", "Principal<PowerSum<3>>", "Principal<PowerSum<4>>", "Principal<Skewness>",
        "Principal<Variance>", "PrincipalAxes", "RegionAxes", "RegionCenter", "RegionRadii", "Skewness", "Sum",
        "Variance"};

    /** The statistics ilastik also offers "in neighborhood" ({@code local_features}). */
    static final Set<String> LOCAL = Set.of("Mean", "Variance", "Skewness", "Kurtosis", "Histogram", "Covariance",
            "Minimum", "Maximum", "Sum");

    private static final Map<String, String[]> DISPLAY = Map.ofEntries(
            Map.entry("Count", new String[] {"Size in pixels", "Shape"}),
            Map.entry("Maximum", new String[] {"Maximum intensity", "Intensity Distribution"}),
            Map.entry("Minimum", new String[] {"Minimum intensity", "Intensity Distribution"}),
            Map.entry("Coord<Minimum>", new String[] {"Bounding Box Minimum", "Location"}),
            Map.entry("Coord<Maximum>", new String[] {"Bounding Box Maximum", "Location"}),
            Map.entry("Mean", new String[] {"Mean Intensity", "Intensity Distribution"}),
            Map.entry("Variance", new String[] {"Variance of Intensity", "Intensity Distribution"}),
            Map.entry("Skewness", new String[] {"Skewness of Intensity", "Intensity Distribution"}),
            Map.entry("Kurtosis", new String[] {"Kurtosis of Intensity", "Intensity Distribution"}),
            Map.entry("RegionCenter", new String[] {"Center of the object", "Location"}),
            Map.entry("RegionRadii", new String[] {"Radii of the object", "Shape"}),
            Map.entry("RegionAxes", new String[] {"Principal components of the object", "Shape"}),
            Map.entry("Quantiles", new String[] {"Quantiles of Intensity", "Intensity Distribution"}),
            Map.entry("Histogram", new String[] {"Histogram of Intensity", "Intensity Distribution"}),
            Map.entry("Covariance", new String[] {"Covariance of Channel Intensity", "Intensity Distribution"}),
            Map.entry("Sum", new String[] {"Total Intensity", "Intensity Distribution"}));

    /** vigra's ConvexHullFeatures names with ilastik's display texts ({@code convex_hull_feature_description.py}). */
    private static final String[][] HULL = {
        {"InputVolume", "Object Area"}, {"HullVolume", "Convex Hull Area"}, {"Convexity", "Convexity"},
        {"DefectVolumeMean", "Mean Defect Area"}, {"DefectVolumeVariance", "Variance of Defect Area"},
        {"DefectVolumeSkewness", "Skewness of Defect Area"}, {"DefectVolumeKurtosis", "Kurtosis of Defect Area"},
        {"DefectCount", "Number of Defects"}, {"DefectDisplacementMean", "Mean Defect Displacement"},
        {"InputCenter", "Object Center"}, {"HullCenter", "Convex Hull Center"},
        // ilastik's description checks for "Defect Center" (with a space), so this one keeps its internal name
        {"DefectCenter", "DefectCenter"}};

    /** vigra's skeleton feature names with ilastik's display texts and groups. */
    private static final String[][] SKELETON = {
        {"Diameter", "Diameter", "Shape"}, {"Euclidean Diameter", "Euclidean Diameter", "Shape"},
        {"Total Length", "Length of the Skeleton", "Shape"}, {"Average Length", "Average Branch Length", "Shape"},
        {"Branch Count", "Number of Branches", "Shape"}, {"Hole Count", "Number of Holes", "Shape"},
        {"Skeleton Center", "Center of the Skeleton", "Location"}, {"Terminal 1", "Terminal 1", "Location"},
        {"Terminal 2", "Terminal 2", "Location"}};

    private FeatureCatalog() {}

    /** Every standard feature ilastik offers (vigra's set, then the neighbourhood variants). */
    static List<ObjectFeature> standard(int dims, int channels) {
        List<ObjectFeature> out = new ArrayList<>();
        for (String n : channels == 1 ? SINGLE : MULTI) out.add(standardFeature(n, dims, channels));
        for (String n : channels == 1 ? SINGLE : MULTI) {
            if (LOCAL.contains(n)) out.add(neighborhood(standardFeature(n, dims, channels), IN_NEIGHBORHOOD));
        }
        return out;
    }

    /** The "Default features" group: always computed, in ilastik's order. */
    static List<ObjectFeature> defaults(int dims) {
        List<ObjectFeature> out = new ArrayList<>();
        for (String n : new String[] {"Coord<Minimum>", "Coord<Maximum>", "RegionCenter", "Count"}) {
            ObjectFeature f = standardFeature(n, dims, 1);
            out.add(new ObjectFeature(DEFAULT, f.name(), f.displayName(), f.values(), false, f.group()));
        }
        return out;
    }

    /** The convex-hull plugin for {@code dims} (ilastik offers the 2D one for 2D labels, the 3D one for 3D). */
    static List<ObjectFeature> convexHull(int dims) {
        List<ObjectFeature> out = new ArrayList<>();
        String plugin = dims == 2 ? CONVEX_HULL_2D : CONVEX_HULL_3D;
        for (String[] h : HULL) {
            int values = h[0].endsWith("Center") ? dims : 1;
            out.add(new ObjectFeature(plugin, h[0], h[1], values, false, "Shape"));
        }
        return out;
    }

    /** The 2D skeleton plugin's features. */
    static List<ObjectFeature> skeleton() {
        List<ObjectFeature> out = new ArrayList<>();
        for (String[] s : SKELETON) {
            boolean point = s[2].equals("Location");
            out.add(new ObjectFeature(SKELETON_2D, s[0], s[1], point ? 2 : 1, s[0].startsWith("Terminal"), s[2]));
        }
        return out;
    }

    /** All plugins' features for the image, the default group excluded. */
    static List<ObjectFeature> all(int dims, int channels) {
        List<ObjectFeature> out = new ArrayList<>(standard(dims, channels));
        out.addAll(convexHull(dims));
        if (dims == 2) out.addAll(skeleton());
        return out;
    }

    /** The feature {@code plugin/name} for this image, or null if ilastik does not offer it here. */
    static ObjectFeature find(String plugin, String name, int dims, int channels) {
        List<ObjectFeature> pool = switch (plugin) {
            case STANDARD -> standard(dims, channels);
            case CONVEX_HULL_2D -> dims == 2 ? convexHull(2) : List.of();
            case CONVEX_HULL_3D -> dims == 3 ? convexHull(3) : List.of();
            case SKELETON_2D -> dims == 2 ? skeleton() : List.of();
            case DEFAULT -> defaults(dims);
            default -> List.of();
        };
        for (ObjectFeature f : pool) if (f.name().equals(name)) return f;
        return null;
    }

    /** The stored companion of a neighbourhood feature ({@code X in object and neighborhood}). */
    static ObjectFeature companion(ObjectFeature neighborhoodFeature) {
        String base = baseName(neighborhoodFeature.name());
        String display = neighborhoodFeature.displayName();
        display = display.substring(0, display.length() - IN_NEIGHBORHOOD.length());
        return new ObjectFeature(STANDARD, base + IN_OBJECT_AND_NEIGHBORHOOD, display + IN_OBJECT_AND_NEIGHBORHOOD,
                neighborhoodFeature.values(), false, "Intensity Distribution");
    }

    /** {@code Mean in neighborhood} → {@code Mean}. */
    static String baseName(String neighborhoodName) {
        int i = neighborhoodName.indexOf(' ');
        return i < 0 ? neighborhoodName : neighborhoodName.substring(0, i);
    }

    private static ObjectFeature neighborhood(ObjectFeature base, String suffix) {
        return new ObjectFeature(STANDARD, base.name() + suffix, base.displayName() + suffix, base.values(), false,
                "Intensity Distribution");
    }

    private static ObjectFeature standardFeature(String name, int dims, int channels) {
        String[] d = DISPLAY.get(name);
        boolean advanced = name.contains("<") && !name.equals("Coord<Minimum>") && !name.equals("Coord<Maximum>");
        return new ObjectFeature(STANDARD, name, d == null ? name : d[0], valueCount(name, dims, channels), advanced,
                d == null ? "" : d[1]);
    }

    /** Values per object of a standard feature (vigra's result shapes, flattened). */
    static int valueCount(String name, int dims, int channels) {
        return switch (name) {
            case "Count", "Global<Minimum>", "Global<Maximum>", "Weighted<PowerSum<0>>" -> 1;
            case "Quantiles" -> 7;
            case "Histogram" -> 64;
            case "Covariance", "PrincipalAxes" -> channels * channels;
            case "RegionAxes", "Weighted<RegionAxes>" -> dims * dims;
            default -> name.startsWith("Coord<") || name.startsWith("Weighted<") || name.startsWith("Region")
                    ? dims : channels;
        };
    }
}
