package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Python;

/**
 * The committed I/O fixtures ({@code src/test/resources/io}, written by {@code make_fixtures.py} with numpy, h5py,
 * vigra and PIL) and their expected contents, plus helpers to compare images with values from Python.
 */
final class IoFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASE = locate();
    private static JsonNode expected;

    private IoFixtures() {}

    /** The fixture folder. */
    static Path base() { return BASE; }

    /** A fixture as a read spec (a path, possibly followed by an HDF5 internal path). */
    static String spec(String name) { return BASE.resolve(name).toString(); }

    /** expected.json: name → {axes, shape, dtype, values, …}. */
    static synchronized JsonNode expected() {
        if (expected == null) {
            try {
                expected = JSON.readTree(BASE.resolve("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    /** Names of the expected fixtures whose name starts with {@code prefix}. */
    static List<String> names(String prefix) {
        List<String> r = new ArrayList<>();
        expected().fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) r.add(n);
        });
        return r;
    }

    /** Asserts axes, extents (in those axes), type and every sample against an expected.json entry. */
    static void assertMatches(JsonNode e, Image image, String what) {
        assertEquals(e.get("axes").asText(), image.axes().letters(), what + ": axes");
        long[] shape = new long[e.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asLong();
        assertEquals(NpyFormat.shapeText(shape), NpyFormat.shapeText(image.shape().in(image.axes())), what + ": shape");
        assertEquals(e.get("dtype").asText(), image.dtype().numpyName(), what + ": dtype");
        assertSamples(e.get("values"), image, image.axes(), what);
    }

    /** Asserts that the samples of {@code image} in C order of {@code order} equal {@code values} exactly. */
    static void assertSamples(JsonNode values, Image image, Axes order, String what) {
        Object flat = image.toArray(order);
        int n = java.lang.reflect.Array.getLength(flat);
        assertEquals(values.size(), n, what + ": number of samples");
        DType t = image.dtype();
        for (int i = 0; i < n; i++) {
            JsonNode v = values.get(i);
            boolean same = switch (t) {
                case UINT8 -> (((byte[]) flat)[i] & 0xff) == v.asInt();
                case INT8 -> ((byte[]) flat)[i] == v.asInt();
                case UINT16 -> (((short[]) flat)[i] & 0xffff) == v.asInt();
                case INT16 -> ((short[]) flat)[i] == v.asInt();
                case UINT32 -> (((int[]) flat)[i] & 0xffffffffL) == v.asLong();
                case INT32 -> ((int[]) flat)[i] == v.asInt();
                case UINT64 -> ((long[]) flat)[i] == v.bigIntegerValue().longValue();
                case INT64 -> ((long[]) flat)[i] == v.asLong();
                case FLOAT32 -> Float.compare(((float[]) flat)[i], (float) v.asDouble()) == 0;
                case FLOAT64 -> Double.compare(((double[]) flat)[i], v.asDouble()) == 0;
            };
            if (!same) {
                fail(what + ": sample " + i + " (C order of " + order + ") is " + Image.getDouble(flat, t, i)
                        + ", expected " + v);
            }
        }
    }

    /** Runs a Python snippet and parses its standard output as JSON. */
    static JsonNode python(String script, String... args) {
        try {
            return JSON.readTree(Python.run(script, args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image of random samples over the full range of {@code dtype} (extremes included). */
    static Image random(DType dtype, Axes axes, long seed, long... dims) {
        Image im = Image.create(dtype, axes, dims);
        Random r = new Random(seed);
        for (Object p : im.planes()) {
            if (p instanceof byte[] a) r.nextBytes(a);
            else if (p instanceof short[] a) for (int i = 0; i < a.length; i++) a[i] = (short) r.nextInt();
            else if (p instanceof int[] a) for (int i = 0; i < a.length; i++) a[i] = r.nextInt();
            else if (p instanceof long[] a) for (int i = 0; i < a.length; i++) a[i] = r.nextLong();
            else if (p instanceof float[] a) for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * 1e3);
            else if (p instanceof double[] a) for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian() * 1e6;
        }
        Object first = im.plane(0, 0);
        if (dtype.isInteger() && java.lang.reflect.Array.getLength(first) >= 2) {
            Image.setDouble(first, dtype, 0, dtype.maxValue());
            Image.setDouble(first, dtype, 1, dtype.minValue());
        }
        return im;
    }

    private static Path locate() {
        try {
            return Path.of(IoFixtures.class.getResource("/io/expected.json").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("test resources io/ not found on the class path", e);
        }
    }
}
