package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.io.tiff.TiffTestSupport.ramp;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;
import org.sylva.io.WriteOptions;

/**
 * Files Sylva writes open correctly in ImageJ 1 (what Fiji runs): hyperstack dimensions, bit depth, pixel values
 * and calibration, read by {@code IJ.openImage} (headless).
 */
class TiffImageJInteropTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(DType.UINT8, DType.UINT16, DType.FLOAT32)
                .flatMap(d -> Stream.of(
                        Arguments.of(d, "tzcyx", new long[] {2, 3, 2, 21, 34}, true),
                        Arguments.of(d, "tzcyx", new long[] {2, 3, 2, 21, 34}, false),
                        Arguments.of(d, "zcyx", new long[] {4, 3, 300, 410}, true), // several strips per plane
                        Arguments.of(d, "zcyx", new long[] {4, 3, 300, 410}, false),
                        Arguments.of(d, "tyx", new long[] {5, 16, 16}, true),
                        Arguments.of(d, "yx", new long[] {25, 19}, false)));
    }

    @ParameterizedTest(name = "{0} {1} compress={3}")
    @MethodSource("cases")
    void hyperstackOpensInImageJWithDimensionsValuesAndCalibration(DType dtype, String axes, long[] dims,
                                                                  boolean compress) throws IOException {
        org.sylva.image.Calibration cal = new org.sylva.image.Calibration(0.1625, 0.1625, 0.8, 4.5, "micron", "sec");
        Image image = ramp(dtype, axes, dims).withCalibration(cal);
        Path file = dir.resolve("ij.tif");
        new TiffFormat().write(image, new DataPath(file, ""), new WriteOptions(null, compress));

        ImagePlus imp = IJ.openImage(file.toString());
        assertNotNull(imp, "ImageJ could not open the file");
        Shape s = image.shape();
        assertEquals(s.c(), imp.getNChannels(), "channels");
        assertEquals(s.z(), imp.getNSlices(), "slices");
        assertEquals(s.t(), imp.getNFrames(), "frames");
        assertEquals(s.x(), imp.getWidth());
        assertEquals(s.y(), imp.getHeight());
        assertEquals(dtype.bytes() * 8, imp.getBitDepth(), "bit depth");
        int nonTrivial = (s.c() > 1 ? 1 : 0) + (s.z() > 1 ? 1 : 0) + (s.t() > 1 ? 1 : 0);
        if (nonTrivial > 1) assertTrue(imp.isHyperStack(), "ImageJ must see a hyperstack");

        // Values at corners, the centre and a few inner positions of every plane.
        int[][] xy = {{0, 0}, {s.x() - 1, 0}, {0, s.y() - 1}, {s.x() - 1, s.y() - 1}, {s.x() / 2, s.y() / 2},
                {3, 7}, {s.x() - 2, s.y() / 3}};
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                for (int c = 0; c < s.c(); c++) {
                    var ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
                    for (int[] p : xy) {
                        assertEquals(image.get(t, z, p[1], p[0], c), ip.getPixelValue(p[0], p[1]), 0.0,
                                "t=" + t + " z=" + z + " c=" + c + " x=" + p[0] + " y=" + p[1]);
                    }
                }
            }
        }

        Calibration ijCal = imp.getCalibration();
        assertEquals(0.1625, ijCal.pixelWidth, 1e-9);
        assertEquals(0.1625, ijCal.pixelHeight, 1e-9);
        assertEquals("micron", ijCal.getUnit());
        if (s.z() > 1) assertEquals(0.8, ijCal.pixelDepth, 1e-12);
        if (s.t() > 1) {
            assertEquals(4.5, ijCal.frameInterval, 1e-12);
            assertEquals("sec", ijCal.getTimeUnit());
        }
        imp.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageJTypes")
    void hyperstackSavedByImageJReadsWithItsDimensionsValuesAndCalibration(int bitDepth) throws IOException {
        int c = 2;
        int z = 3;
        int t = 2;
        ImagePlus imp = IJ.createHyperStack("ij", 27, 19, c, z, t, bitDepth);
        for (int i = 1; i <= imp.getStackSize(); i++) {
            var ip = imp.getStack().getProcessor(i);
            for (int y = 0; y < 19; y++) {
                for (int x = 0; x < 27; x++) ip.putPixelValue(x, y, (i * 31 + y * 27 + x) % 250 + (bitDepth == 32 ? 0.5 : 0));
            }
        }
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.2;
        cal.pixelHeight = 0.2;
        cal.pixelDepth = 1.25;
        cal.frameInterval = 7.5;
        cal.setUnit("micron");
        Path file = dir.resolve("saved-by-imagej.tif");
        assertTrue(new ij.io.FileSaver(imp).saveAsTiff(file.toString()));

        Image ours = TiffReader.read(file);
        assertEquals(org.sylva.image.Axes.of("tzcyx"), ours.axes());
        assertEquals(bitDepth == 8 ? DType.UINT8 : bitDepth == 16 ? DType.UINT16 : DType.FLOAT32, ours.dtype());
        for (int tt = 0; tt < t; tt++) {
            for (int zz = 0; zz < z; zz++) {
                for (int cc = 0; cc < c; cc++) {
                    var ip = imp.getStack().getProcessor(imp.getStackIndex(cc + 1, zz + 1, tt + 1));
                    for (int y = 0; y < 19; y += 3) {
                        for (int x = 0; x < 27; x += 2) {
                            assertEquals(ip.getPixelValue(x, y), ours.get(tt, zz, y, x, cc), 0.0);
                        }
                    }
                }
            }
        }
        TiffTestSupport.assertCalibration(new org.sylva.image.Calibration(0.2, 0.2, 1.25, 7.5, "micron", "sec"),
                ours.calibration());
    }

    @Test
    void rgbStackSavedByImageJReadsWithChannelsLast() throws IOException {
        ImagePlus imp = IJ.createImage("rgb", "RGB black", 23, 17, 4);
        for (int i = 1; i <= 4; i++) {
            var ip = imp.getStack().getProcessor(i);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 23; x++) ip.set(x, y, ((i * 40 + x) & 255) << 16 | ((y * 9) & 255) << 8 | (x * y & 255));
            }
        }
        Path file = dir.resolve("rgb-by-imagej.tif");
        assertTrue(new ij.io.FileSaver(imp).saveAsTiffStack(file.toString()));
        Image ours = TiffReader.read(file);
        assertEquals(org.sylva.image.Axes.of("zyxc"), ours.axes()); // tifffile: ZYXS
        assertEquals(DType.UINT8, ours.dtype());
        for (int z = 0; z < 4; z++) {
            var ip = imp.getStack().getProcessor(z + 1);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 23; x++) {
                    int rgb = ip.get(x, y);
                    assertEquals((rgb >> 16) & 255, (int) ours.get(0, z, y, x, 0));
                    assertEquals((rgb >> 8) & 255, (int) ours.get(0, z, y, x, 1));
                    assertEquals(rgb & 255, (int) ours.get(0, z, y, x, 2));
                }
            }
        }
    }

    static Stream<Integer> imageJTypes() {
        return Stream.of(8, 16, 32);
    }

    @Test
    void imageJsOwnLayoutOverFourGigabytesIsReadLikeImageJReadsIt() throws IOException {
        // One IFD plus images=N and contiguous planes: ImageJ 1 reads this file with its own reader too.
        Path file = TiffTestSupport.fixture("ij_one_ifd_contiguous.tif");
        ImagePlus imp = IJ.openImage(file.toString());
        assertNotNull(imp);
        Image ours = TiffReader.read(file);
        assertEquals(ours.shape().c(), imp.getNChannels());
        assertEquals(ours.shape().z(), imp.getNSlices());
        for (int z = 0; z < ours.shape().z(); z++) {
            for (int c = 0; c < ours.shape().c(); c++) {
                var ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, 1));
                for (int y = 0; y < ours.shape().y(); y += 5) {
                    for (int x = 0; x < ours.shape().x(); x += 3) {
                        assertEquals(ip.getPixelValue(x, y), ours.get(0, z, y, x, c), 0.0);
                    }
                }
            }
        }
    }
}
