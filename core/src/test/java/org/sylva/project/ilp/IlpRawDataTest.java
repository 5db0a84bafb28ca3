package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;

/** Finding a lane's raw data on this machine: relative, absolute, moved, project-internal, HDF5, stacks, Windows. */
class IlpRawDataTest {

    @TempDir
    Path tmp;

    @Test
    void anAbsolutePathFromTheAuthorsMachineIsFoundBesideTheProjectWithAWarning() throws Exception {
        Path file = IlpFixtures.pixel("PixelClass.ilp");
        IlpProject p = IlpReader.read(file);
        String stored = "/Users/kutra/sources/ilastik-meta/ilastik/tests/test_ilastik/data/api_projects/Data_1channel.png";
        assertEquals(stored, p.lane(0).raw().filePath());
        RawSource raw = IlpReader.resolveRaw(p, 0);
        Path beside = file.toAbsolutePath().getParent().resolve("Data_1channel.png");
        assertEquals(List.of(beside.toString()), raw.files());
        assertEquals(List.of("lane 0 (Raw Data): '" + stored + "' not found; using '" + beside
                + "' found beside the project"), raw.warnings());
        Image image = raw.read();
        assertEquals(new Shape(1, 1, 128, 128, 1), image.shape());
        assertEquals("yxc", image.axes().letters(), "the stored axistags apply");
    }

    @Test
    void aProjectCopiedWithoutItsDataNamesTheStoredPathAndTheLane() throws Exception {
        Path copy = Files.copy(IlpFixtures.pixel("PixelClass3D.ilp"), tmp.resolve("moved.ilp"));
        IlpProject p = IlpReader.read(copy);
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.resolveRaw(p, 0));
        assertEquals(copy + ": lane 0 (Raw Data): raw data not found: 'Data_3D.npy' (looked for "
                + tmp.resolve("Data_3D.npy") + ")", e.getMessage());

        Path copy2 = Files.copy(IlpFixtures.pixel("PixelClass.ilp"), tmp.resolve("moved2.ilp"));
        IlpException e2 = assertThrows(IlpException.class, () -> IlpReader.resolveRaw(IlpReader.read(copy2), 0));
        assertTrue(e2.getMessage().startsWith(copy2 + ": lane 0 (Raw Data): raw data not found: '/Users/kutra/"),
                e2.getMessage());
        assertTrue(e2.getMessage().endsWith(" and " + tmp.resolve("Data_1channel.png") + ")"), e2.getMessage());
    }

    @Test
    void aRelativePathIsTakenFromTheProjectsFolder() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.pixel("PixelClass3D.ilp"));
        RawSource raw = IlpReader.resolveRaw(p, 0);
        assertTrue(raw.warnings().isEmpty());
        assertEquals(List.of(IlpFixtures.pixel("Data_3D.npy").toAbsolutePath().toString()), raw.files());
        Image image = raw.read();
        assertEquals("zyxc", image.axes().letters());
        assertEquals(new Shape(1, 64, 64, 64, 1), image.shape());
    }

    @Test
    void projectInternalDataIsReadFromTheProjectFile() throws Exception {
        Path file = IlpFixtures.cells("pc.ilp");
        IlpProject p = IlpReader.read(file);
        RawSource raw = IlpReader.resolveRaw(p, 0);
        assertTrue(raw.projectInternal());
        assertEquals("Input Data/local_data/3cccd446-5f3a-11eb-b5ca-00e04c00063c", raw.internal().internalPath());
        Image image = raw.read();
        // the dataset's README: the embedded image is the PNG, pixel for pixel
        Image png = ImageFiles.read(IlpFixtures.cells("2d_cells_apoptotic_1channel.png").toString());
        assertEquals(new Shape(1, 1, 1024, 1344, 1), image.shape());
        assertArrayEquals((byte[]) png.toArray(png.axes()), (byte[]) image.toArray(image.axes()));
    }

    @Test
    void anHdf5InternalPathIsKeptAndTheStoredAxesApply() throws Exception {
        Path file = IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp");
        RawSource raw = IlpReader.resolveRaw(IlpReader.read(file), 0);
        Path h5 = file.toAbsolutePath().getParent().resolve("2d_cells_apoptotic_1channel.h5");
        assertEquals(List.of(h5 + "/data"), raw.files());
        Image image = raw.read();
        assertEquals("tzyxc", image.axes().letters());
        assertEquals(new Shape(1, 1, 1024, 1344, 1), image.shape());

        // ilastik 1.2: "inputdata/2d3c.h5/data", an HDF5 dataset without axistags (guessed yxc, as stored)
        RawSource old = IlpReader.resolveRaw(IlpReader.read(IlpFixtures.object("PixelClassification2d3c.ilp")), 0);
        assertEquals(new Shape(1, 1, 73, 187, 3), old.read().shape());
        assertTrue(old.files().get(0).endsWith("inputdata/2d3c.h5/data"));
    }

    @Test
    void stacksSavedOnLinuxAndOnWindowsAreTheSameFiles() throws Exception {
        Path dir = IlpFixtures.synthetic();
        IlpProject p = IlpReader.read(dir.resolve("paths.ilp"));
        List<String> expected = List.of(dir.resolve("slices/s0.npy").toString(), dir.resolve("slices/s1.npy").toString(),
                dir.resolve("slices/s2.npy").toString());
        for (int lane : new int[] {0, 1, 4}) {   // "a:b:c", "a\b;…" and "slices/s*.npy"
            RawSource raw = IlpReader.resolveRaw(p, lane);
            assertEquals(expected, raw.files(), "lane " + lane + ": " + p.lane(lane).raw().filePath());
            assertTrue(raw.warnings().isEmpty());
            Image image = raw.read();
            assertEquals("zyxc", image.axes().letters());
            assertEquals(new Shape(1, 3, 10, 12, 1), image.shape());
            for (int z = 0; z < 3; z++) assertEquals(z + 1, image.get(0, z, 5, 6, 0), "slice " + z);
        }
    }

    @Test
    void aWindowsAbsolutePathIsFoundBesideTheProject() throws Exception {
        Path dir = IlpFixtures.synthetic();
        IlpProject p = IlpReader.read(dir.resolve("paths.ilp"));
        RawSource raw = IlpReader.resolveRaw(p, 2);
        assertEquals(List.of(dir.resolve("single.npy").toString()), raw.files());
        assertEquals(1, raw.warnings().size());
        assertTrue(raw.warnings().get(0).startsWith("lane 2 (Raw Data): 'C:\\Users\\someone\\data\\single.npy' not found"),
                raw.warnings().get(0));
        assertEquals(5 * 12 + 6, raw.read().get(0, 0, 5, 6, 0));
    }

    @Test
    void aRelativeWindowsPathIntoAnHdf5DatasetInASubfolder() throws Exception {
        Path dir = IlpFixtures.synthetic();
        RawSource raw = IlpReader.resolveRaw(IlpReader.read(dir.resolve("paths.ilp")), 3);
        assertEquals(List.of(dir.resolve("sub dir/vol.h5") + "/group/data"), raw.files());
        Image image = raw.read();
        assertEquals("zyx", image.axes().letters());
        assertEquals(new Shape(1, 4, 10, 12, 1), image.shape());
    }

    @Test
    void stackSeparatorsDriveLettersAndUrlsSplitAsTheirSystemsWroteThem() {
        assertEquals(List.of("a.png", "b.png"), RawPaths.splitStack("a.png:b.png"));
        assertEquals(List.of("/d/a.png", "/d/b.png"), RawPaths.splitStack("/d/a.png:/d/b.png"));
        assertEquals(List.of("C:\\d\\a.png", "C:\\d\\b.png"), RawPaths.splitStack("C:\\d\\a.png;C:\\d\\b.png"));
        assertEquals(List.of("C:\\d\\a.png"), RawPaths.splitStack("C:\\d\\a.png"));
        assertEquals(List.of("C:/d/a.png", "D:/e/b.png"), RawPaths.splitStack("C:/d/a.png:D:/e/b.png"));
        assertEquals(List.of("raw.h5/volume/data"), RawPaths.splitStack("raw.h5/volume/data"));
        assertEquals(List.of("http://host:8000/x"), RawPaths.splitStack("http://host:8000/x"));
        assertTrue(RawPaths.isAbsolute("C:\\x.png"));
        assertTrue(RawPaths.isAbsolute("\\\\server\\share\\x.png"));
        assertFalse(RawPaths.isAbsolute("inputdata\\x.png"));
    }

    @Test
    void aLaneWithoutRawDataOrAnotherLaneIsAClearError() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.pixel("PixelClassNoData.ilp"));
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.resolveRaw(p, 0));
        assertTrue(e.getMessage().endsWith(": no lane 0 (the project has 0 lanes)"), e.getMessage());
    }
}
