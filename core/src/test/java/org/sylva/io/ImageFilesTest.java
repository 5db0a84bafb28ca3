package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

class ImageFilesTest {

    private static final String KNOWN = "Sylva reads: tif, tiff, png, jpg, jpeg, npy, h5, hdf, hdf5";

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path f = dir.resolve("nope.png");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
        assertEquals(f + ": file not found", e.getMessage());
        assertEquals(f, e.file());
        Path h = dir.resolve("nope.h5");
        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(h + "/exported_data"));
        assertEquals(h + ": file not found", e.getMessage());
    }

    @Test
    void aFolderIsNotAnImage(@TempDir Path dir) {
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(dir.toString()));
        assertEquals(dir + ": is a folder, not an image file (for all the images in it, give a pattern such as "
                + dir.resolve("*.png") + ")", e.getMessage());
    }

    @Test
    void anUnknownExtensionListsTheKnownOnes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cells.xyz");
        Files.writeString(f, "?");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
        assertEquals(f + ": unknown image format '.xyz' — " + KNOWN, e.getMessage());
        Path g = dir.resolve("README");
        Files.writeString(g, "?");
        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(g.toString()));
        assertEquals(g + ": unknown image format (no file extension) — " + KNOWN, e.getMessage());
        e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), dir.resolve("o.bmp"), WriteOptions.DEFAULT));
        assertEquals(dir.resolve("o.bmp") + ": unknown image format '.bmp' — " + KNOWN, e.getMessage());
    }

    @Test
    void formatsAreChosenByExtensionIgnoringCase() throws ImageFileException {
        assertInstanceOf(TiffFormat.class, ImageFiles.formatFor(Path.of("A.TIF")));
        assertEquals(RasterFormat.JPEG, ImageFiles.formatFor(Path.of("a.Jpeg")));
        assertInstanceOf(Hdf5Format.class, ImageFiles.formatFor(Path.of("a.hdf5")));
        assertInstanceOf(NpyFormat.class, ImageFiles.formatFor(Path.of("x/y.npy")));
        assertEquals(List.of("tif", "tiff", "png", "jpg", "jpeg", "npy", "h5", "hdf", "hdf5"), ImageFiles.extensions());
    }

    @Test
    void userAxesRenameTheDimensions() throws IOException {
        // npy/u1.npy is (3, 4, 5): guessed zyx; as a movie it is tyx
        Image im = ImageFiles.read(IoFixtures.spec("npy/u1.npy"), ReadOptions.withAxes("tyx"));
        assertEquals("tyx", im.axes().letters());
        assertEquals("t=3 z=1 y=4 x=5 c=1", im.shape().toString());
        IoFixtures.assertSamples(IoFixtures.expected().get("npy/u1.npy").get("values"), im, Axes.of("tyx"), "u1 as tyx");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "zyxc#--axes 'zyxc' has 4 letters but the data has 3 dimensions (3, 4, 5) (read as 'zyx'); give one letter per dimension",
            "yx#--axes 'yx' has 2 letters but the data has 3 dimensions (3, 4, 5) (read as 'zyx'); give one letter per dimension",
            "zzx#--axes 'zzx': axis 'z' appears twice",
            "qyx#--axes 'qyx': 'q' is not an axis (use letters from t, z, y, x, c)"})
    void userAxesThatDoNotFitAreRefusedNamingTheFile(String axes, String problem) {
        String spec = IoFixtures.spec("npy/u1.npy");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(spec, ReadOptions.withAxes(axes)));
        assertEquals(spec + ": " + problem, e.getMessage());
    }

    @Test
    void tifAndTiffAreReadAsTiff(@TempDir Path dir) throws IOException {
        for (String name : new String[]{"cells.tif", "cells.TIFF"}) {
            Path f = dir.resolve(name);
            Files.writeString(f, "II*");
            ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
            assertEquals(f + ": not a TIFF file (only 3 bytes long)", e.getMessage());
        }
    }

    @Test
    void writingIntoAMissingFolderFailsAndCreatesNothing(@TempDir Path dir) {
        Path f = dir.resolve("missing/out.npy");
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), f, WriteOptions.DEFAULT));
        assertEquals(f + ": cannot write: folder " + dir.resolve("missing") + " does not exist", e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void writingIntoAReadOnlyFolderFailsAndCreatesNothing(@TempDir Path dir) throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(ro), "running as root: every folder is writable");
            Path f = ro.resolve("out.h5");
            ImageFileException e = assertThrows(ImageFileException.class,
                    () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), f, WriteOptions.DEFAULT));
            assertEquals(f + ": cannot write: folder " + ro + " is not writable", e.getMessage());
            assertEquals(0, ro.toFile().list().length);
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("keep.h5");
        Image good = IoFixtures.random(DType.UINT8, Axes.of("yx"), 1, 3, 4);
        ImageFiles.write(good, f + "/data", WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.write(
                IoFixtures.random(DType.UINT8, Axes.of("yx"), 2, 3, 4), f + "/a/./b", WriteOptions.DEFAULT));
        assertEquals(f + ": invalid dataset path 'a/./b'", e.getMessage());
        assertTrue(ImageFiles.read(f.toString()).sameSamples(good));
        assertEquals(List.of(f), Files.list(dir).toList());
    }

    @Test
    void writtenFilesGetTheUsualPermissionsNotOwnerOnly(@TempDir Path dir) throws IOException {
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path f = dir.resolve("out.npy");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), f, WriteOptions.DEFAULT);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }

    @Test
    void internalPathsBelongToHdf5Only(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.npy");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), f, WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f + "/data"));
        assertEquals(f + ": is a single image (NumPy), not a container: cannot read 'data' inside it", e.getMessage());
    }

    @Test
    void roundTripsThroughEveryWritableFormat(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.UINT16, Axes.of("yx"), 9, 5, 6);
        for (String name : List.of("a.png", "a.npy", "a.h5")) {
            ImageFiles.write(im, dir.resolve(name).toString(), WriteOptions.DEFAULT);
            Image back = ImageFiles.read(dir.resolve(name).toString());
            assertEquals("yx", back.axes().letters(), name);
            assertTrue(back.sameSamples(im), name);
        }
    }
}
