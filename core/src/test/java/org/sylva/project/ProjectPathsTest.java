package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;

/**
 * Data references survive moving the project and its data, find data moved beside the project, and refuse a
 * different file of the same name (its labels would land on the wrong image, ilastik #2686).
 */
class ProjectPathsTest {

    @TempDir
    Path dir;

    private static JsonNode manifest(Path project) throws Exception {
        return new ObjectMapper().readTree(ProjectFixtures.unzip(project).get("manifest.json"));
    }

    private static String storedPath(Path project) throws Exception {
        return manifest(project).get("lanes").get(0).get("files").get(0).get("path").textValue();
    }

    @Test
    void dataUnderTheProjectFolderIsStoredRelativeAndMovesWithIt() throws Exception {
        Path proj = dir.resolve("proj");
        SylvaProject p = ProjectFixtures.blobs(proj.resolve("data/blobs.tif"));
        ProjectFile.write(p, proj.resolve("p.sylva"));
        assertEquals("data/blobs.tif", storedPath(proj.resolve("p.sylva")));

        Path moved = Files.move(proj, dir.resolve("moved elsewhere"));
        ProjectFile.Loaded back = ProjectFile.read(moved.resolve("p.sylva"));
        assertEquals(List.of(), back.warnings());
        DataLane lane = back.project().lanes().get(0);
        assertTrue(lane.isAvailable());
        assertEquals(moved.resolve("data/blobs.tif"), lane.files().get(0).path());
        assertEquals(254, lane.read().shape().y());
        assertEquals(p.labels(0), back.project().labels(0));
    }

    @Test
    void aSiblingTreeIsStoredRelativeAndAFarFileAbsolute() throws Exception {
        SylvaProject sibling = ProjectFixtures.blobs(dir.resolve("lab/data/blobs.tif"));
        Path p1 = dir.resolve("lab/projects/p.sylva");
        Files.createDirectories(p1.getParent());
        ProjectFile.write(sibling, p1);
        assertEquals("../data/blobs.tif", storedPath(p1));

        Path p2 = dir.resolve("lab/a/b/c/p.sylva");
        Files.createDirectories(p2.getParent());
        ProjectFile.write(sibling, p2);
        String stored = storedPath(p2);
        assertEquals(dir.resolve("lab/data/blobs.tif").toString().replace('\\', '/'), stored);
        assertTrue(Path.of(stored).isAbsolute());

        // the project copied somewhere else finds the data by the absolute path recorded at save time
        Path copy = dir.resolve("mail/inbox/p.sylva");
        Files.createDirectories(copy.getParent());
        Files.copy(p1, copy);
        ProjectFile.Loaded back = ProjectFile.read(copy);
        assertTrue(back.project().lanes().get(0).isAvailable());
        assertEquals(dir.resolve("lab/data/blobs.tif"), back.project().lanes().get(0).files().get(0).path());
        assertEquals(1, back.warnings().size());
        assertTrue(back.warnings().get(0).contains("../data/blobs.tif is not at"), back.warnings().get(0));
    }

    @Test
    void dataMovedBesideTheProjectIsFoundWithAWarningAndTheNewPlaceIsSaved() throws Exception {
        Path file = dir.resolve("p.sylva");
        SylvaProject p = ProjectFixtures.blobs(dir.resolve("images/blobs.tif"));
        SylvaProject saved = ProjectFile.write(p, file);
        Files.move(dir.resolve("images/blobs.tif"), dir.resolve("blobs.tif"));

        ProjectFile.Loaded back = ProjectFile.read(file);
        assertEquals(1, back.warnings().size());
        String w = back.warnings().get(0);
        assertTrue(w.startsWith("lane 'blobs': images/blobs.tif is not at " + dir.resolve("images/blobs.tif")), w);
        assertTrue(w.contains("using " + dir.resolve("blobs.tif") + ", which has the same size and checksum"), w);
        DataLane lane = back.project().lanes().get(0);
        assertTrue(lane.isAvailable());
        assertEquals(dir.resolve("blobs.tif"), lane.files().get(0).path());
        assertTrue(ImageFiles.read(dir.resolve("blobs.tif").toString()).sameSamples(lane.read()));
        // the lane is the same data: a trained forest would stay current
        assertEquals(saved.trainingKey(), back.project().trainingKey());

        ProjectFile.write(back.project(), file);
        assertEquals("blobs.tif", storedPath(file));
        assertEquals(List.of(), ProjectFile.read(file).warnings());
    }

    @Test
    void aDifferentFileWithTheSameNameIsRefused() throws Exception {
        Path file = dir.resolve("p.sylva");
        Path data = dir.resolve("data/blobs.tif");
        SylvaProject p = ProjectFixtures.blobs(data);
        ProjectFile.write(p, file);
        // someone saves another image under the same name
        Files.copy(org.sylva.testing.Shared.path("data/neubias_plk1_nuclei/xy_8bit__nuclei_PLK1_control.tif"), data,
                StandardCopyOption.REPLACE_EXISTING);

        ProjectFile.Loaded back = ProjectFile.read(file);
        DataLane lane = back.project().lanes().get(0);
        assertEquals(DataLane.State.MISMATCHED, lane.status().state());
        assertEquals(1, back.warnings().size());
        String w = back.warnings().get(0);
        assertTrue(w.startsWith("lane 'blobs': " + data + " is not the image this project was made with (it has "), w);
        assertTrue(w.contains("relink the lane to the original file"), w);
        // the labels are all there, nothing is lost; only the data is refused
        assertEquals(p.labels(0), back.project().labels(0));
        LaneDataException e = assertThrows(LaneDataException.class, lane::read);
        assertEquals(data, e.file());
        assertEquals(DataLane.State.MISMATCHED, e.state());
        assertTrue(e.getMessage().startsWith(data + ": lane 'blobs': "), e.getMessage());
        assertThrows(LaneDataException.class, lane::resolve);

        // relinking to the wrong file is refused; to the original, accepted
        assertThrows(LaneDataException.class, () -> lane.relink(List.of(data)));
        Path original = ProjectFixtures.copy(ProjectFixtures.BLOBS, dir.resolve("found/blobs.tif"));
        DataLane relinked = lane.relink(List.of(original));
        assertTrue(relinked.isAvailable());
        SylvaProject fixed = back.project().withLane(0, relinked);
        ProjectFile.write(fixed, file);
        assertEquals("found/blobs.tif", storedPath(file));
        assertEquals(List.of(), ProjectFile.read(file).warnings());
    }

    @Test
    void aFileOfTheSameSizeWithOtherPixelsIsRefused() throws Exception {
        Path file = dir.resolve("p.sylva");
        Path data = dir.resolve("blobs.tif");
        // an uncompressed TIFF: changing a pixel keeps the file's size and header
        Image img = ImageFiles.read(org.sylva.testing.Shared.path(ProjectFixtures.BLOBS).toString());
        ImageFiles.write(img, data, new WriteOptions(null, false));
        SylvaProject p = SylvaProject.create(List.of(DataLane.open(data.toString(), ReadOptions.DEFAULT)),
                ProjectFixtures.features(), LabelClass.numbered(2));
        ProjectFile.write(p, file);
        long size = Files.size(data);
        img.set(0, 0, 100, 100, 0, img.get(0, 0, 100, 100, 0) + 1);
        ImageFiles.write(img, data, new WriteOptions(null, false));
        assertEquals(size, Files.size(data));

        ProjectFile.Loaded back = ProjectFile.read(file);
        DataLane lane = back.project().lanes().get(0);
        assertEquals(DataLane.State.MISMATCHED, lane.status().state());
        assertTrue(back.warnings().get(0).contains("same size, but different content"), back.warnings().get(0));
    }

    @Test
    void aMissingFileLeavesTheLaneMarkedUntilItsDataIsNeeded() throws Exception {
        Path file = dir.resolve("p.sylva");
        Path data = dir.resolve("data/blobs.tif");
        SylvaProject p = ProjectFixtures.blobs(data);
        ProjectFile.write(p, file);
        Path aside = Files.move(data, dir.resolve("aside.bin"));

        ProjectFile.Loaded back = ProjectFile.read(file);
        DataLane lane = back.project().lanes().get(0);
        assertEquals(DataLane.State.MISSING, lane.status().state());
        String w = back.warnings().get(0);
        assertTrue(w.startsWith("lane 'blobs': data file data/blobs.tif not found (looked at " + data), w);
        assertTrue(w.endsWith("put it back or relink the lane"), w);
        assertEquals(p.labels(0), back.project().labels(0));
        LaneDataException e = assertThrows(LaneDataException.class, lane::read);
        assertEquals(data, e.file());
        assertTrue(e.getMessage().contains("lane 'blobs'"), e.getMessage());

        // saving a project with a missing lane keeps its reference as it was
        SylvaProject again = ProjectFile.write(back.project(), file);
        assertEquals("data/blobs.tif", storedPath(file));
        Files.move(aside, data);
        ProjectFile.Loaded restored = ProjectFile.read(file);
        assertEquals(List.of(), restored.warnings());
        assertTrue(restored.project().lanes().get(0).isAvailable());
        assertEquals(again.labels(0), restored.project().labels(0));
    }

    @Test
    void windowsBackslashesInAStoredPathAreUnderstood() throws Exception {
        Path file = dir.resolve("p.sylva");
        ProjectFile.write(ProjectFixtures.blobs(dir.resolve("data/sub/blobs.tif")), file);
        Map<String, byte[]> members = ProjectFixtures.unzip(file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(members.get("manifest.json"));
        ObjectNode f = (ObjectNode) m.get("lanes").get(0).get("files").get(0);
        f.put("path", "data\\sub\\blobs.tif");
        f.put("absolutePath", "C:\\Users\\someone\\data\\sub\\blobs.tif");
        members.put("manifest.json", json.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
        ProjectFixtures.zip(members, file);
        ProjectFile.Loaded back = ProjectFile.read(file);
        assertEquals(List.of(), back.warnings());
        assertTrue(back.project().lanes().get(0).isAvailable());
    }

    @Test
    void aChangedFileIsNotEmbedded() throws Exception {
        Path data = dir.resolve("blobs.tif");
        SylvaProject p = ProjectFixtures.blobs(data);
        p = p.withLane(0, p.lanes().get(0).withEmbed(true));
        Files.copy(org.sylva.testing.Shared.path("data/neubias_plk1_nuclei/xy_8bit__nuclei_PLK1_control.tif"), data,
                StandardCopyOption.REPLACE_EXISTING);
        SylvaProject changed = p;
        ProjectFormatException e = assertThrows(ProjectFormatException.class,
                () -> ProjectFile.write(changed, dir.resolve("p.sylva")));
        assertTrue(e.problem().endsWith(data + " has changed since it was added to the project"), e.problem());
        assertFalse(Files.exists(dir.resolve("p.sylva")));
    }

    @Test
    void embeddedDataTravelsWithTheProject() throws Exception {
        Path file = dir.resolve("p.sylva");
        Path data = dir.resolve("data/blobs.tif");
        SylvaProject p = ProjectFixtures.blobs(data);
        p = p.withLane(0, p.lanes().get(0).withEmbed(true));
        ProjectFile.write(p, file);
        Map<String, byte[]> members = ProjectFixtures.unzip(file);
        assertTrue(members.containsKey("data/0/0-blobs.tif"), members.keySet().toString());
        Image original = ImageFiles.read(data.toString());

        // mailed to someone without the data
        Path inbox = dir.resolve("inbox/p.sylva");
        Files.createDirectories(inbox.getParent());
        Files.copy(file, inbox);
        Files.delete(data);
        ProjectFile.Loaded back = ProjectFile.read(inbox);
        DataLane lane = back.project().lanes().get(0);
        assertTrue(lane.isAvailable());
        assertTrue(lane.embed());
        assertTrue(back.warnings().get(0).endsWith("using the copy of the data stored in the project"),
                back.warnings().get(0));
        assertTrue(original.sameSamples(lane.read()));
        // saved again, it still holds the data; the reference is still data/blobs.tif beside the project
        SylvaProject resaved = ProjectFile.write(back.project(), inbox);
        assertTrue(ProjectFixtures.unzip(inbox).containsKey("data/0/0-blobs.tif"));
        assertEquals("data/blobs.tif", storedPath(inbox));
        assertTrue(original.sameSamples(ProjectFile.read(inbox).project().lanes().get(0).read()));
        // a damaged copy makes the lane unavailable, not the project unreadable
        Map<String, byte[]> damaged = ProjectFixtures.unzip(inbox);
        damaged.get("data/0/0-blobs.tif")[100] ^= 1;
        Path broken = dir.resolve("inbox/broken.sylva");
        ProjectFixtures.zip(damaged, broken);
        ProjectFile.Loaded hurt = ProjectFile.read(broken);
        assertEquals(DataLane.State.MISMATCHED, hurt.project().lanes().get(0).status().state());
        assertTrue(hurt.warnings().get(1).startsWith("lane 'blobs': the copy of the data stored in the project"
                + " (data/0/0-blobs.tif) is damaged"), hurt.warnings().toString());
        assertEquals(p.labels(0), hurt.project().labels(0));
        // without embedding, the project does not hold the data
        SylvaProject plain = resaved.withLane(0, lane.withEmbed(false));
        ProjectFile.write(plain, inbox);
        assertFalse(ProjectFixtures.unzip(inbox).keySet().stream().anyMatch(n -> n.startsWith("data/")));
    }
}
