package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.io.tiff.TiffTestSupport.assertCalibration;
import static org.sylva.io.tiff.TiffTestSupport.ramp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;
import org.sylva.io.WriteOptions;

/** What Sylva writes, Sylva reads back: same samples, axes and calibration, for every type and layout. */
class TiffRoundTripTest {

    @TempDir
    Path dir;

    private final TiffFormat tiff = new TiffFormat();

    /** Layouts: axes and extents (2D, z-stack, channels, time, full hyperstack, multi-strip planes). */
    private static final Object[][] LAYOUTS = {
        {"yx", new long[] {37, 53}},
        {"zyx", new long[] {4, 19, 23}},
        {"cyx", new long[] {3, 17, 21}},
        {"tyx", new long[] {5, 11, 13}},
        {"tzcyx", new long[] {2, 3, 2, 13, 15}},
        {"zyx", new long[] {2, 700, 260}}, // 700 rows: several strips, the last one shorter
    };

    static Stream<Arguments> cases() {
        List<Arguments> r = new ArrayList<>();
        for (DType d : DType.values()) {
            for (Object[] layout : LAYOUTS) {
                for (boolean compress : new boolean[] {true, false}) {
                    r.add(Arguments.of(d, layout[0], layout[1], compress));
                }
            }
        }
        return r.stream();
    }

    @ParameterizedTest(name = "{0} {1} compress={3}")
    @MethodSource("cases")
    void writtenImageReadsBackWithSameSamplesAxesAndCalibration(DType dtype, String axes, long[] dims,
                                                                 boolean compress) throws IOException {
        Calibration cal = new Calibration(0.1625, 0.1625, axes.contains("z") ? 0.7 : Double.NaN,
                axes.contains("t") ? 12.5 : Double.NaN, "micron", axes.contains("t") ? "sec" : "");
        Image image = ramp(dtype, axes, dims).withCalibration(cal);
        Path file = dir.resolve("out.tif");
        tiff.write(image, new DataPath(file, ""), new WriteOptions(null, compress));

        Image back = tiff.read(new DataPath(file, ""));
        assertTrue(back.sameSamples(image), "samples differ");
        assertEquals(Axes.of(axes), back.axes());
        assertEquals(dtype, back.dtype());
        assertCalibration(cal, back.calibration());
        assertEquals("out", back.name());
    }

    @Test
    void channelsLastImageIsWrittenInImageJOrderWhenNoOrderIsAsked() throws IOException {
        // An RGB-like image (yxc, e.g. from a PNG): TIFF stores ImageJ's order, so it comes back as cyx.
        Image rgb = ramp(DType.UINT8, "yxc", 20, 30, 3);
        Path file = dir.resolve("rgb.tif");
        tiff.write(rgb, new DataPath(file, ""), WriteOptions.DEFAULT);
        Image back = tiff.read(new DataPath(file, ""));
        assertEquals(Axes.of("cyx"), back.axes());
        assertTrue(back.sameSamples(rgb));
    }

    @Test
    void requestedSingletonAxesAreKeptForTypesWrittenWithAShape() throws IOException {
        // tifffile's shape description records all requested axes, also those of extent 1 …
        Image image = ramp(DType.FLOAT64, "zyx", 3, 8, 9);
        Path file = dir.resolve("f64.tif");
        tiff.write(image, new DataPath(file, ""), WriteOptions.inOrder(Axes.of("tzcyx")));
        Image back = tiff.read(new DataPath(file, ""));
        assertEquals(Axes.of("tzcyx"), back.axes());
        assertTrue(back.sameSamples(image));
        // … while an ImageJ hyperstack, like tifffile reads it, has only the axes of extent > 1.
        Image u16 = ramp(DType.UINT16, "zyx", 3, 8, 9);
        Path ij = dir.resolve("u16.tif");
        tiff.write(u16, new DataPath(ij, ""), WriteOptions.inOrder(Axes.of("tzcyx")));
        assertEquals(Axes.of("zyx"), tiff.read(new DataPath(ij, "")).axes());
    }

    @Test
    void forcedBigTiffReadsBack() throws IOException {
        for (DType d : new DType[] {DType.UINT16, DType.FLOAT32, DType.INT32}) {
            for (boolean compress : new boolean[] {true, false}) {
                Image image = ramp(d, "tzcyx", 2, 2, 3, 30, 41)
                        .withCalibration(new Calibration(0.5, 0.5, 2, 3, "micron", "sec"));
                Path file = dir.resolve("big-" + d + compress + ".tif");
                TiffWriter.write(image, file, null, compress, true, true);
                Image back = TiffReader.read(file);
                assertTrue(back.sameSamples(image), d + " compress=" + compress);
                assertEquals(image.axes(), back.axes());
                assertCalibration(image.calibration(), back.calibration());
            }
        }
    }

    @Test
    void largeSinglePlaneIsDecodedInParallelStripsCorrectly() throws IOException {
        // One compressed page over 4 MB: its strips are shared among the cores.
        for (DType d : new DType[] {DType.UINT16, DType.FLOAT32, DType.UINT8}) {
            Image image = ramp(d, "yx", 2100, 1300);
            Path file = dir.resolve("large-" + d + ".tif");
            TiffWriter.write(image, file, null, true);
            assertTrue(TiffReader.read(file).sameSamples(image), d.toString());
        }
    }

    @Test
    void horizontalPredictorIsOptional() throws IOException {
        Image image = ramp(DType.UINT16, "zyx", 2, 40, 50);
        Path with = dir.resolve("with.tif");
        Path without = dir.resolve("without.tif");
        TiffWriter.write(image, with, null, true, true, false);
        TiffWriter.write(image, without, null, true, false, false);
        assertTrue(TiffReader.read(with).sameSamples(image));
        assertTrue(TiffReader.read(without).sameSamples(image));
    }
}
