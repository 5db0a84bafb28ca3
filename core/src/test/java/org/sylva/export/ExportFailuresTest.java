package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;

/** Data a format cannot hold, folders that cannot be written, writes that fail: clear errors, nothing left behind. */
class ExportFailuresTest {

    private static ExportContext context(Path dir) {
        return new ExportContext(dir, "cells", "Probabilities", null, dir);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static ImageFileException refused(Image im, Path dir, String format) {
        return assertThrows(ImageFileException.class, () -> Exporter.export(im, context(dir),
                ExportSettings.DEFAULT.withFormat(ExportFormat.parse(format))));
    }

    @Test
    void aVolumeAsPngSuggestsASequenceTifOrHdf5(@TempDir Path dir) throws IOException {
        ImageFileException e = refused(Image.create(DType.UINT8, Axes.of("zyx"), 3, 4, 5), dir, "png");
        assertEquals(dir.resolve("cells_Probabilities.png") + ": 'png' holds one 2-D image; the exported data is 3-D"
                + " (zyx (3, 4, 5)): use 'png sequence' (one file per slice), 'tif' or 'hdf5'", e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void floatsAsPngOrJpegSuggestTheConversionFlags(@TempDir Path dir) throws IOException {
        ImageFileException e = refused(Image.create(DType.FLOAT32, Axes.of("yxc"), 4, 5, 1), dir, "png");
        assertTrue(e.getMessage().endsWith("'png' holds uint8 or uint16 samples, the exported data is float32: convert"
                + " it (e.g. --export_dtype=uint8 --pipeline_result_drange=\"(0.0,1.0)\" --export_drange=\"(0,255)\") or"
                + " export as 'tif' or 'hdf5'"), e.getMessage());
        e = refused(Image.create(DType.UINT16, Axes.of("yx"), 4, 5), dir, "jpg sequence");
        assertTrue(e.getMessage().contains("'jpg sequence' writes one file per slice along the first axis of extent > 1"
                + " (here 'y' of yx (4, 5)), which leaves 1-D slices; it needs 3-D data (use 'jpg' for 2-D data"), e.getMessage());
        e = refused(Image.create(DType.UINT16, Axes.of("yx"), 4, 5), dir, "jpg");
        assertTrue(e.getMessage().endsWith("'jpg' holds uint8 samples, the exported data is uint16: convert it (e.g."
                + " --export_dtype=uint8) or export as 'tif' or 'hdf5'"), e.getMessage());
        e = refused(Image.create(DType.UINT8, Axes.of("yxc"), 4, 5, 2), dir, "jpeg");
        assertTrue(e.getMessage().endsWith("'jpeg' holds 1 (grey) or 3 (RGB) channels, the exported data has 2"
                + " (yxc (4, 5, 2)): export as 'tif' or 'hdf5', or put c first in --output_axis_order with a sequence"
                + " format to write one file per channel"), e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void sequencesNeedSlicesTheSliceFormatHolds(@TempDir Path dir) {
        ImageFileException e = refused(Image.create(DType.UINT8, Axes.of("tzyx"), 2, 3, 4, 5), dir, "png sequence");
        assertTrue(e.getMessage().contains("(here 't' of tzyx (2, 3, 4, 5)), which leaves 3-D slices; it needs 3-D data"
                + " (use 'png' for 2-D data, 'multipage tiff sequence' or 'hdf5' for 4-D)"), e.getMessage());
        e = refused(Image.create(DType.UINT8, Axes.of("yx"), 4, 5), dir, "multipage tiff sequence");
        assertTrue(e.getMessage().contains("it needs data of at least 3 axes of extent > 1 (use 'multipage tiff' or"
                + " 'hdf5')"), e.getMessage());
    }

    @Test
    void missingFoldersAreCreatedAsIlastikDoes(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no/such");
        List<Path> files = Exporter.export(Image.create(DType.UINT8, Axes.of("yx"), 4, 5), context(dir),
                ExportSettings.DEFAULT.withFilenameTemplate(missing + "/{nickname}"));
        assertEquals(List.of(missing.resolve("cells.h5")), files);
        assertTrue(Files.isRegularFile(missing.resolve("cells.h5")));
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamed(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Runnable restore = makeUnwritable(ro);
        try {
            ImageFileException e = assertThrows(ImageFileException.class, () -> Exporter.export(
                    Image.create(DType.UINT8, Axes.of("yx"), 4, 5), context(dir),
                    ExportSettings.DEFAULT.withFilenameTemplate(ro + "/a/b/{nickname}")));
            assertEquals(ro.resolve("a/b/cells.h5") + ": cannot create folder " + ro.resolve("a/b") + ": folder " + ro
                    + " is not writable", e.getMessage());
            assertEquals(List.of(), listing(ro));
        } finally {
            restore.run();
        }
        // a file where a folder should be
        Files.writeString(dir.resolve("plain"), "x");
        ImageFileException e = assertThrows(ImageFileException.class, () -> Exporter.export(
                Image.create(DType.UINT8, Axes.of("yx"), 4, 5), context(dir),
                ExportSettings.DEFAULT.withFilenameTemplate(dir + "/plain/{nickname}")));
        assertTrue(e.getMessage().startsWith(dir.resolve("plain/cells.h5") + ": cannot"), e.getMessage());
    }

    @Test
    void foldersCreatedForAFailedExportAreRemoved(@TempDir Path dir) throws IOException {
        Image im = Image.create(DType.UINT8, Axes.of("zyx"), 3, 4, 5);
        PreparedExport p = Exporter.prepare(im, context(dir), ExportSettings.DEFAULT
                .withFormat(ExportFormat.parse("png sequence"))
                .withFilenameTemplate(dir + "/out/{slice_index}/s"));
        AtomicInteger calls = new AtomicInteger();
        IOException e = assertThrows(IOException.class, () -> Exporter.write(p, (image, file, format, internal) -> {
            if (calls.incrementAndGet() == 3) throw new IOException("disk full");
            Exporter.writeFile(image, file, format, internal);
        }));
        assertEquals(dir.resolve("out/2/s.png") + ": disk full", e.getMessage());
        assertEquals(List.of(), listing(dir), "the folders made for this export are gone again");
    }

    @Test
    void anUnwritableFolderIsNamedBeforeAnySliceIsWritten(@TempDir Path dir) throws Exception {
        // slices 0 and 1 go to writable folders, slice 2 to a read-only one
        for (String f : List.of("0", "1", "2")) Files.createDirectory(dir.resolve(f));
        Path ro = dir.resolve("2");
        Runnable restore = makeUnwritable(ro);
        try {
            Image im = Image.create(DType.UINT8, Axes.of("zyx"), 3, 4, 5);
            ImageFileException e = assertThrows(ImageFileException.class, () -> Exporter.export(im, context(dir),
                    ExportSettings.DEFAULT.withFormat(ExportFormat.parse("png sequence"))
                            .withFilenameTemplate(dir + "/{slice_index}/{nickname}")));
            assertEquals(ro.resolve("cells.png") + ": cannot write: folder " + ro + " is not writable", e.getMessage());
            assertEquals(List.of(), listing(dir.resolve("0")));
            assertEquals(List.of(), listing(dir.resolve("1")));
            e = assertThrows(ImageFileException.class, () -> Exporter.export(im, context(ro), ExportSettings.DEFAULT));
            assertEquals(ro.resolve("cells_Probabilities.h5") + ": cannot write: folder " + ro + " is not writable",
                    e.getMessage());
        } finally {
            restore.run();
        }
    }

    /**
     * Makes {@code dir} unwritable: by permissions, or — for root, whom permissions do not stop — with the immutable
     * attribute; skips the test if neither works here.
     */
    private static Runnable makeUnwritable(Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        Runnable chmod = () -> {
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        if (!Files.isWritable(dir)) return chmod;
        boolean immutable = false;
        try {
            immutable = new ProcessBuilder("chattr", "+i", dir.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            // no chattr
        }
        if (!immutable || Files.isWritable(dir)) {
            chmod.run();
            assumeFalse(true, "cannot make a folder unwritable here (root without chattr)");
        }
        return () -> {
            try {
                new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            chmod.run();
        };
    }

    @Test
    void aSequenceFailingHalfwayLeavesNoSliceAndKeepsOlderFiles(@TempDir Path dir) throws IOException {
        Image im = Image.create(DType.UINT8, Axes.of("zyx"), 5, 4, 5);
        PreparedExport p = Exporter.prepare(im, context(dir), ExportSettings.DEFAULT
                .withFormat(ExportFormat.parse("png sequence")).withFilenameTemplate(dir + "/s{slice_index}"));
        Files.writeString(dir.resolve("s1.png"), "an older export");
        AtomicInteger calls = new AtomicInteger();
        IOException e = assertThrows(IOException.class, () -> Exporter.write(p, (image, file, format, internal) -> {
            if (calls.incrementAndGet() == 4) throw new IOException("disk full");
            Exporter.writeFile(image, file, format, internal);
        }));
        assertEquals(dir.resolve("s3.png") + ": disk full", e.getMessage());
        assertEquals(List.of("s1.png"), listing(dir), "no slice, no temporary file");
        assertEquals("an older export", Files.readString(dir.resolve("s1.png")));
        // the same export without the failure writes every slice
        assertEquals(5, Exporter.write(p).size());
        assertEquals(List.of("s0.png", "s1.png", "s2.png", "s3.png", "s4.png"), listing(dir));
    }

    @Test
    void aFailedSingleFileLeavesTheExistingFileIntact(@TempDir Path dir) throws IOException {
        Image im = Image.create(DType.FLOAT32, Axes.of("zyx"), 2, 4, 5);
        PreparedExport p = Exporter.prepare(im, context(dir), ExportSettings.DEFAULT.withFormat(ExportFormat.NUMPY));
        Files.writeString(p.file(), "previous result");
        assertThrows(IOException.class, () -> Exporter.write(p, (image, file, format, internal) -> {
            Files.writeString(file, "half a file");
            throw new IOException("interrupted");
        }));
        assertEquals(List.of("cells_Probabilities.npy"), listing(dir));
        assertEquals("previous result", Files.readString(p.file()));
    }

    @Test
    void anHdf5FileHoldingOtherDatasetsIsNotReplaced(@TempDir Path dir) throws IOException {
        Image im = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        Path h5 = dir.resolve("cells_Probabilities.h5");
        ImageFiles.write(im, h5 + "/raw", WriteOptions.DEFAULT);
        long before = Files.size(h5);
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> Exporter.export(im, context(dir), ExportSettings.DEFAULT));
        assertEquals(h5 + ": already holds dataset raw besides 'exported_data'; Sylva writes a new file and would lose"
                + " them (ilastik adds the dataset to the file): export to another file name", e.getMessage());
        assertEquals(before, Files.size(h5));
        // the same dataset again is fine: a re-run replaces its own result
        Exporter.export(im, context(dir), ExportSettings.DEFAULT.withInternalPath("raw"));
        Files.writeString(dir.resolve("junk.h5"), "not hdf5");
        e = assertThrows(ImageFileException.class, () -> Exporter.export(im, context(dir),
                ExportSettings.DEFAULT.withFilenameTemplate(dir + "/junk")));
        assertTrue(e.getMessage().endsWith("exists and is not a readable HDF5 file; Sylva will not replace it (delete"
                + " it or export to another name)"), e.getMessage());
    }

    @Test
    void aFolderWhereTheFileShouldGoIsRefused(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("cells_Probabilities.h5"));
        ImageFileException e = assertThrows(ImageFileException.class, () -> Exporter.export(
                Image.create(DType.UINT8, Axes.of("yx"), 4, 5), context(dir), ExportSettings.DEFAULT));
        assertEquals(dir.resolve("cells_Probabilities.h5") + ": is a folder; give a file name to write", e.getMessage());
    }

    @Test
    void badTemplatesAndInternalPathsNameTheirFlags(@TempDir Path dir) {
        Image im = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        FlagException e = assertThrows(FlagException.class, () -> Exporter.export(im, context(dir),
                ExportSettings.DEFAULT.withFilenameTemplate(dir + "/{nickname")));
        assertEquals("--output_filename_format", e.flag());
        e = assertThrows(FlagException.class, () -> Exporter.export(im, context(dir),
                ExportSettings.DEFAULT.withInternalPath("data}")));
        assertEquals("--output_internal_path", e.flag());
    }
}
