package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** Shared helpers of the TIFF tests: fixture files, checksums like numpy's, test images. */
final class TiffTestSupport {

    private TiffTestSupport() {}

    /** A committed fixture from {@code src/test/resources/tiff}. */
    static Path fixture(String name) {
        try {
            return Path.of(TiffTestSupport.class.getResource("/tiff/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name, e);
        }
    }

    /** expected.json written by make_fixtures.py. */
    static JsonNode expected() {
        try (InputStream in = TiffTestSupport.class.getResourceAsStream("/tiff/expected.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * CRC-32 of the samples in C order of {@code axes}, little-endian — what
     * {@code zlib.crc32(a.astype(a.dtype.newbyteorder('<')).tobytes())} gives for the numpy array with those axes.
     */
    static String crc32(Image image, Axes axes) {
        Object flat = image.toArray(axes);
        int n = java.lang.reflect.Array.getLength(flat);
        ByteBuffer b = ByteBuffer.allocate(n * image.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (flat instanceof byte[] a) b.put(a);
        else if (flat instanceof short[] a) b.asShortBuffer().put(a);
        else if (flat instanceof int[] a) b.asIntBuffer().put(a);
        else if (flat instanceof long[] a) b.asLongBuffer().put(a);
        else if (flat instanceof float[] a) b.asFloatBuffer().put(a);
        else if (flat instanceof double[] a) b.asDoubleBuffer().put(a);
        CRC32 crc = new CRC32();
        crc.update(b.array());
        return String.format("%08x", crc.getValue());
    }

    /**
     * A test image of {@code dims} in the order of {@code axes}: every sample is a distinct function of its
     * position, wrapped into the type's range (negative values for signed types, fractions for floats).
     */
    static Image ramp(DType dtype, String axes, long... dims) {
        Image img = Image.create(dtype, Axes.of(axes), dims);
        var s = img.shape();
        long i = 0;
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                for (int y = 0; y < s.y(); y++) {
                    for (int x = 0; x < s.x(); x++) {
                        for (int c = 0; c < s.c(); c++) {
                            img.set(t, z, y, x, c, value(dtype, i++ * 7 + 3 * c));
                        }
                    }
                }
            }
        }
        return img;
    }

    private static double value(DType dtype, long i) {
        return switch (dtype) {
            case UINT8 -> i % 251;
            case INT8 -> i % 251 - 125;
            case UINT16 -> i % 65521;
            case INT16 -> i % 65521 - 32760;
            case UINT32 -> i * 65537L % 4294967291L;
            case INT32 -> i * 65537L % 4294967291L - 2147483645L;
            case UINT64 -> (double) (i * 1_000_003L);
            case INT64 -> -(double) (i * 1_000_003L);
            case FLOAT32 -> i * 0.37 - 1000.125;
            case FLOAT64 -> i * 1.0e-3 - 12345.678901;
        };
    }

    /** Asserts every known size and the units of two calibrations (sizes to 1e-6 relative: TIFF rationals). */
    static void assertCalibration(Calibration expected, Calibration actual) {
        assertClose(expected.x(), actual.x(), "x");
        assertClose(expected.y(), actual.y(), "y");
        assertClose(expected.z(), actual.z(), "z");
        assertClose(expected.t(), actual.t(), "t");
        assertEquals(expected.unit(), actual.unit(), "unit");
        assertEquals(expected.timeUnit(), actual.timeUnit(), "time unit");
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertEquals(Double.NaN, actual, what + " must be unknown");
        } else {
            assertEquals(expected, actual, Math.abs(expected) * 1e-6, what);
        }
    }
}
