package org.sylva.objects.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;

/**
 * The committed object-feature oracle ({@code src/test/resources/objects/features}, made by
 * {@code make_reference.py}: ilastik's object features computed on vigra 1.11.1 by {@code ilastik_objects.py}, plus
 * scikit-image regionprops): per case a raw image, a label image and the reference features per time point.
 */
final class FeatureOracle {

    /**
     * Two workers for a test class, started before its first test and closed after its last: register as
     * {@code @RegisterExtension static final FeatureOracle.Pool workers = new FeatureOracle.Pool();}.
     */
    static final class Pool implements BeforeAllCallback, AfterAllCallback {
        private Workers workers;

        @Override
        public void beforeAll(ExtensionContext context) {
            workers = new Workers(2);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            workers.close();
        }

        Workers get() {
            return workers;
        }
    }

    /** One case of {@code cases.json}. */
    record Case(String name, List<String> features, int[] margin, List<String> hull, boolean skeleton,
                boolean skimage, String note) {

        /** The raw image, axes t, z, y, x, c, original type. */
        Image raw() throws IOException {
            return ImageFiles.read(file(name + ".raw.npy"), ReadOptions.withAxes("tzyxc"));
        }

        /** The label image as uint32, axes t, z, y, x. */
        Image labels() throws IOException {
            return uint32(ImageFiles.read(file(name + ".labels.npy"), ReadOptions.withAxes("tzyx")));
        }

        /** The standard features of the case (neighbourhood ones with the case's margin). */
        ObjectFeatureSelection selection() {
            ObjectFeatureSelection s = ObjectFeatureSelection.none();
            for (String f : features) {
                s = f.endsWith(ObjectFeature.IN_NEIGHBORHOOD) ? s.withMargin(ObjectFeature.STANDARD, f, margin)
                        : s.with(ObjectFeature.STANDARD, f);
            }
            return s;
        }

        /** Reference datasets of time point {@code t}: "plugin/feature" → rows 0..N (row 0 = background). */
        Map<String, float[][]> reference(int t) {
            Map<String, float[][]> out = new LinkedHashMap<>();
            try (HdfFile h5 = new HdfFile(Path.of(file(name + ".h5")))) {
                Group g = (Group) h5.getChild("t" + t);
                for (Node plugin : g.getChildren().values()) {
                    if (!(plugin instanceof Group pg)) continue;
                    for (Node d : pg.getChildren().values()) {
                        out.put(plugin.getName() + "/" + d.getName(), (float[][]) ((Dataset) d).getData());
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private FeatureOracle() {}

    static List<Case> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir().resolve("cases.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            List<String> features = new ArrayList<>();
            c.get("features").forEach(n -> features.add(n.asText()));
            int[] margin = null;
            if (!c.get("margin").isNull()) {
                margin = new int[c.get("margin").size()];
                for (int i = 0; i < margin.length; i++) margin[i] = c.get("margin").get(i).asInt();
            }
            List<String> hull = new ArrayList<>();
            c.get("hull").forEach(n -> hull.add(n.asText()));
            out.add(new Case(c.get("name").asText(), features, margin, hull, c.get("skeleton").asBoolean(),
                    c.get("skimage").asBoolean(), c.get("note").asText()));
        }
        return out;
    }

    static Case find(String name) throws IOException {
        for (Case c : cases()) if (c.name().equals(name)) return c;
        throw new IllegalArgumentException("no oracle case " + name);
    }

    /** A copy of an integer label image as uint32 (the type the features take). */
    static Image uint32(Image labels) {
        if (labels.dtype() == DType.UINT32) return labels;
        Image out = Image.create(DType.UINT32, labels.shape(), labels.axes());
        for (int t = 0; t < labels.shape().t(); t++) {
            for (int z = 0; z < labels.shape().z(); z++) {
                int[] dst = (int[]) out.plane(t, z);
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = (int) (long) Image.getDouble(labels.plane(t, z), labels.dtype(), i);
                }
            }
        }
        return out;
    }

    /** The label image as uint64 ({@code long[]} planes). */
    static Image uint64(Image labels) {
        Image out = Image.create(DType.UINT64, labels.shape(), labels.axes());
        for (int t = 0; t < labels.shape().t(); t++) {
            for (int z = 0; z < labels.shape().z(); z++) {
                long[] dst = (long[]) out.plane(t, z);
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = (long) Image.getDouble(labels.plane(t, z), labels.dtype(), i);
                }
            }
        }
        return out;
    }

    static Path dir() {
        try {
            return Path.of(FeatureOracle.class.getResource("/objects/features/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String file(String name) {
        return dir().resolve(name).toString();
    }

    static Axes axes(String letters) {
        return Axes.of(letters);
    }
}
