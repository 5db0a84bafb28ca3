package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.testing.Python;

/**
 * The vigra oracle of {@code src/test/resources/objects}: {@code make_reference.py} runs ilastik's thresholding,
 * connected components and relabelling with vigra exactly as ilastik calls it. Small cases are committed
 * ({@code cases.json} + npy arrays); larger ones are generated at test time by running the same script.
 */
final class ObjectsOracle {

    private ObjectsOracle() {}

    static Path dir() {
        try {
            return Path.of(ObjectsOracle.class.getResource("/objects/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed cases of one kind ("threshold", "label", "relabel", "smooth"). */
    static List<JsonNode> cases(String kind) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir().resolve("cases.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) if (c.get("kind").asText().equals(kind)) out.add(c);
        return out;
    }

    static Image read(String file, String axes) throws IOException {
        return ImageFiles.read(dir().resolve(file).toString(), ReadOptions.withAxes(axes));
    }

    static Image read(Path file, String axes) throws IOException {
        return ImageFiles.read(file.toString(), ReadOptions.withAxes(axes));
    }

    /** The settings of a case, in the oracle's JSON (method code, low, high, sigma [z, y, x], …). */
    static ThresholdSettings settings(JsonNode s) {
        JsonNode sigma = s.get("sigma");
        return new ThresholdSettings(ThresholdSettings.Method.ofIlastik(s.path("method").asInt(0)),
                s.path("low").asDouble(0.5), s.path("high").asDouble(0.8),
                sigma.get(0).asDouble(), sigma.get(1).asDouble(), sigma.get(2).asDouble(),
                s.path("channel").asInt(0), s.path("core_channel").asInt(0),
                s.path("min_size").asLong(10), s.path("max_size").asLong(1_000_000));
    }

    /** Runs {@code make_reference.py} with {@code args} (see its usage); returns its standard output. */
    static String script(String... args) {
        List<String> all = new ArrayList<>();
        all.add(dir().resolve("make_reference.py").toString());
        all.addAll(List.of(args));
        return Python.run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                all.toArray(String[]::new));
    }

    /**
     * Asserts that {@code actual} holds the labels of {@code expected} (same t, z, y, x extents, one channel),
     * value for value, reporting how many pixels differ and the first one.
     */
    static void assertSameLabels(Image expected, Image actual, String what) {
        Shape e = expected.shape(), a = actual.shape();
        for (char axis : "tzyxc".toCharArray()) {
            assertEquals(e.get(axis), a.get(axis), what + ": extent of " + axis);
        }
        long differ = 0;
        String first = null;
        for (int t = 0; t < e.t(); t++) {
            for (int z = 0; z < e.z(); z++) {
                for (int y = 0; y < e.y(); y++) {
                    for (int x = 0; x < e.x(); x++) {
                        double ev = expected.get(t, z, y, x, 0), av = actual.get(t, z, y, x, 0);
                        if (ev != av) {
                            if (first == null) {
                                first = "t=" + t + " z=" + z + " y=" + y + " x=" + x + ": expected " + (long) ev
                                        + ", got " + (long) av;
                            }
                            differ++;
                        }
                    }
                }
            }
        }
        if (differ > 0) fail(what + ": " + differ + " of " + e.samples() + " pixels differ, first at " + first);
    }
}
