package org.sylva.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;

/**
 * The committed feature oracle ({@code src/test/resources/features}, made by {@code make_reference.py} with
 * ilastik_ref.py, i.e. ilastik's features on vigra): per case an input crop, the selection, and the reference
 * features (every voxel, or a sample of voxel indices).
 */
final class FeatureOracle {

    /** One case of {@code cases.json}. */
    record Case(String name, String axes, String features, boolean[] in2d, boolean sampled, String note) {

        Image input() throws IOException {
            return ImageFiles.read(file(name + ".input.npy"), ReadOptions.withAxes(axes));
        }

        FeatureSelection selection() {
            FeatureSelection s = FeatureSelection.parse(features);
            return in2d == null ? s : new FeatureSelection(s.ids(), s.scales(), s.matrix(), in2d);
        }

        /** Reference values, voxel-major with all channels per voxel. */
        float[] reference() throws IOException {
            Image ref = ImageFiles.read(file(name + ".ref.npy"));
            return (float[]) ref.toArray(ref.axes());
        }

        /** Flat (t, z, y, x) voxel indices of the reference rows, or null when every voxel is stored. */
        long[] indices() throws IOException {
            if (!sampled) return null;
            Image idx = ImageFiles.read(file(name + ".idx.npy"));
            return (long[]) idx.toArray(idx.axes());
        }

        @Override
        public String toString() { return name + " (" + note + ")"; }
    }

    private FeatureOracle() {}

    static List<Case> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir().resolve("cases.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            boolean[] in2d = null;
            if (!c.get("in2d").isNull()) {
                in2d = new boolean[c.get("in2d").size()];
                for (int i = 0; i < in2d.length; i++) in2d[i] = c.get("in2d").get(i).asBoolean();
            }
            out.add(new Case(c.get("name").asText(), c.get("axes").asText(), c.get("features").asText(), in2d,
                    c.get("sampled").asBoolean(), c.get("note").asText()));
        }
        return out;
    }

    static Path dir() {
        try {
            return Path.of(FeatureOracle.class.getResource("/features/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String file(String name) {
        return dir().resolve(name).toString();
    }
}
