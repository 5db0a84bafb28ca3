package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import org.sylva.testing.Python;

/**
 * Every type conversion and a range of renormalisations compared bit for bit with numpy running ilastik's own
 * formula ({@code OpFormattedDataExport.normalize} plus the rint of ilastik PR #3040) on the same samples: edge
 * values (type limits, ties, negatives into unsigned types, out-of-range floats, NaN, infinities) and random ones,
 * arrays long enough for numpy's vectorised loops.
 */
class ConversionAgainstNumpyTest {

    /** ilastik's function, verbatim in substance; ranges come as JSON ints or floats, i.e. as Python ints/floats. */
    private static final String ORACLE = String.join("\n",
            "import json, sys, warnings, numpy",
            "warnings.simplefilter('ignore')",
            "cases = json.load(open(sys.argv[1]))",
            "dranges = {}",
            "for c in cases:",
            "    a = numpy.load(c['input'])",
            "    export_dtype = numpy.dtype(c['dtype']).type",
            "    if c.get('in') is not None:",
            "        minVal, maxVal = c['in']",
            "        outputMinVal, outputMaxVal = c['out']",
            "        def normalize(a):",
            "            numerator = numpy.float64(outputMaxVal) - numpy.float64(outputMinVal)",
            "            denominator = numpy.float64(maxVal) - numpy.float64(minVal)",
            "            if denominator != 0.0:",
            "                frac = numpy.float32(numerator / denominator)",
            "            else:",
            "                frac = numpy.float32(0.0)",
            "            result = outputMinVal + (a - minVal) * frac",
            "            if numpy.issubdtype(export_dtype, numpy.integer):",
            "                result = numpy.rint(result)",
            "            return numpy.asarray(result, export_dtype)",
            "        r = normalize(a)",
            "        dranges[c['output']] = [float(v) for v in normalize(numpy.array((minVal, maxVal)))]",
            "    else:",
            "        r = numpy.asarray(a, export_dtype)",
            "    numpy.save(c['output'], r)",
            "print(json.dumps(dranges))");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static final List<Map<String, Object>> CASES = new ArrayList<>();
    private static final Map<DType, Image> INPUTS = new LinkedHashMap<>();
    private static JsonNode dranges;

    @BeforeAll
    static void runNumpy() throws IOException {
        dir = Files.createTempDirectory("sylva-conversion");
        for (DType d : DType.values()) {
            Image im = input(d);
            INPUTS.put(d, im);
            ImageFiles.write(im, dir.resolve(d + ".npy"), WriteOptions.DEFAULT);
        }
        // every plain cast
        for (DType s : DType.values()) {
            for (DType t : DType.values()) addCase(s, t, null, null);
        }
        // renormalisations: typical ilastik uses, integer and float literals, wrapping subtraction, numpy 1's
        // promotions, degenerate and inverted ranges, every target type from float32 and uint16 sources
        Object[][] ranges = {
                {DataRange.of(0.0, 1.0), DataRange.of(0, 255)},
                {DataRange.of(0, 1), DataRange.of(0, 255)},
                {DataRange.of(0.0, 1.0), DataRange.of(0, 100)},
                {DataRange.of(0, 255), DataRange.of(0, 65535)},
                {DataRange.of(10, 20), DataRange.of(0, 100)},
                {DataRange.of(-1, 300), DataRange.of(0.0, 1.0)},
                {DataRange.of(300, 70000), DataRange.of(-100, 100)},
                {DataRange.of(-1.5, 2.5), DataRange.of(-100, 100)},
                {DataRange.of(3, 3), DataRange.of(0, 255)},
                {DataRange.of(0.0, 1.0), DataRange.of(255, 0)},
                {DataRange.of(0.1, 0.7), DataRange.of(0.25, 1e6)},
                {new DataRange(-5L, 1e4), new DataRange(0.5, 1000L)},
                {DataRange.of(0, 4294967295L), DataRange.of(0, 255)},
        };
        for (DType s : DType.values()) {
            for (Object[] r : ranges) {
                for (DType t : List.of(DType.UINT8, DType.INT16, DType.FLOAT32)) addCase(s, t, (DataRange) r[0], (DataRange) r[1]);
            }
        }
        for (DType s : List.of(DType.FLOAT32, DType.UINT16, DType.INT64)) {
            for (DType t : DType.values()) addCase(s, t, DataRange.of(0.0, 1.0), DataRange.of(-3, 300));
        }
        Path manifest = dir.resolve("cases.json");
        JSON.writeValue(manifest.toFile(), CASES);
        dranges = JSON.readTree(Python.run(ORACLE, manifest.toString()));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    private static void addCase(DType s, DType t, DataRange in, DataRange out) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("input", dir.resolve(s + ".npy").toString());
        c.put("src", s.numpyName());
        c.put("dtype", t.numpyName());
        c.put("in", in == null ? null : List.of(in.min(), in.max()));
        c.put("out", out == null ? null : List.of(out.min(), out.max()));
        c.put("output", dir.resolve("out" + CASES.size() + ".npy").toString());
        c.put("ranges", in == null ? "" : in + "->" + out);
        CASES.add(c);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesNumpyBitForBit() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.get("src") + " -> " + c.get("dtype") + " " + c.get("ranges"), () -> {
            DType s = DType.parse((String) c.get("src"));
            DType t = DType.parse((String) c.get("dtype"));
            Conversion conv;
            if (c.get("in") == null) {
                conv = Conversion.cast(t);
            } else {
                conv = Conversion.renormalise(range(c.get("in")), range(c.get("out")), t);
            }
            Image expected = ImageFiles.read((String) c.get("output"));
            Image actual = conv.apply(INPUTS.get(s));
            assertEquals(t, actual.dtype());
            assertEquals(expected.dtype(), actual.dtype());
            assertSame(expected, actual, c);
            if (c.get("in") != null) {
                JsonNode d = dranges.get((String) c.get("output"));
                double[] want = {d.get(0).asDouble(), d.get(1).asDouble()};
                assertArrayEquals(want, conv.drange(s, null), 0.0, "drange of " + c);
                assertArrayEquals(want, actual.drange(), 0.0, "drange on the image");
            }
        }));
    }

    private static DataRange range(Object o) {
        List<?> l = (List<?>) o;
        return new DataRange((Number) l.get(0), (Number) l.get(1));
    }

    private static void assertSame(Image expected, Image actual, Map<String, Object> c) {
        if (expected.sameSamples(actual)) return;
        int n = actual.shape().x();
        for (int i = 0; i < n; i++) {
            double e = expected.get(0, 0, 0, i, 0);
            double a = actual.get(0, 0, 0, i, 0);
            if (Double.doubleToLongBits(e) != Double.doubleToLongBits(a) && !(Double.isNaN(e) && Double.isNaN(a))) {
                throw new AssertionError(c + ": sample " + i + " (input " + INPUTS.get(DType.parse((String) c.get("src")))
                        .get(0, 0, 0, i, 0) + "): numpy " + e + ", Sylva " + a);
            }
        }
        // same doubles but different bits: uint64 above 2^53 or a NaN payload
        assertTrue(false, c + ": samples differ");
    }

    /** Edge values of the type, then random ones (the same every run). */
    private static Image input(DType d) {
        List<Double> edges = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        Random rnd = new Random(42 + d.ordinal());
        int n = 4000;
        if (d.isFloat()) {
            double[] v = {0, -0.0, 0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999997, 0.999999, 1.0, 0.25, 0.75,
                    0.0039215689, 0.99607843, 0.2, 0.3, 0.7, 127.5, 128.5, 254.5, 255.5, 255.49998, 256.0, 300.7, -1.0,
                    -200.3, 32767.5, -32768.5, 65535.5, 65536, 70000.9, 2147483647.0, 2147483648.0, -2147483649.0,
                    3e9, -3e9, 4294967295.0, 4294967296.0, 5e9, 9.2e18, 1e19, 2e19, -1e19, 1e-45, 1e-320, 1e30,
                    -1e30, 3.4e38, Double.NaN, Double.POSITIVE_INFINITY};
            for (double x : v) edges.add(d == DType.FLOAT32 ? (double) (float) x : x);
            Image im = Image.create(d, Axes.of("x"), n);
            for (int i = 0; i < n; i++) {
                double x;
                if (i < edges.size()) x = edges.get(i);
                else if (i % 3 == 0) x = rnd.nextDouble();            // probabilities
                else if (i % 3 == 1) x = (rnd.nextDouble() - 0.3) * 1e5;
                else x = Math.rint(rnd.nextDouble() * 600 - 100) + (rnd.nextBoolean() ? 0.5 : 0); // ties
                im.set(0, 0, 0, i, 0, x);
            }
            return im;
        }
        long min = (long) d.minValue();
        long max = d == DType.UINT64 ? -1L : d == DType.INT64 ? Long.MAX_VALUE : (long) d.maxValue();
        long[] v = {0, 1, 2, 3, 5, 9, 10, 11, 19, 20, 21, 127, 128, 255, 256, 299, 300, 301, 32767, 65535, 65536,
                69999, 70000, 2147483647L, 4294967295L, -1, -2, -128, -129, -32768, min, min + 1, max, max - 1,
                1L << 53, (1L << 53) + 1, (1L << 62) + 12345, Long.MIN_VALUE + 7};
        for (long x : v) longs.add(x);
        Image im = Image.create(d, Axes.of("x"), n);
        long[] flat = new long[n];
        for (int i = 0; i < n; i++) {
            long x = i < longs.size() ? longs.get(i) : i % 2 == 0 ? rnd.nextLong() : rnd.nextInt(1000) - 100;
            flat[i] = x;
        }
        // store the low bits, as numpy's astype from int64 would (wrapping into the type)
        Object plane = im.plane(0, 0);
        for (int i = 0; i < n; i++) {
            switch (d) {
                case UINT8, INT8 -> ((byte[]) plane)[i] = (byte) flat[i];
                case UINT16, INT16 -> ((short[]) plane)[i] = (short) flat[i];
                case UINT32, INT32 -> ((int[]) plane)[i] = (int) flat[i];
                default -> ((long[]) plane)[i] = flat[i];
            }
        }
        return im;
    }
}
