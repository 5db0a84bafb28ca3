package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.testing.Shared;

/**
 * Damaged, foreign and hostile files give one clear line naming the file and the problem — never an
 * OutOfMemoryError from a size field, never a stack trace for what a user can cause. What can be recomputed (the
 * forest) is dropped with a warning instead; the labels are what must not be lost.
 */
class ProjectDamageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path good;
    private SylvaProject project;
    private Map<String, byte[]> members;

    @BeforeEach
    void writeAGoodProject() throws Exception {
        project = ProjectFile.write(ProjectFixtures.trained(ProjectFixtures.blobs(dir.resolve("blobs.tif"))
                .withTreeCount(5)), dir.resolve("good.sylva"));
        good = dir.resolve("good.sylva");
        members = ProjectFixtures.unzip(good);
    }

    /** Reading {@code file} fails with a one-line message that starts with the file; returns the problem. */
    private static String problem(Path file) {
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(file, e.file());
        return e.problem();
    }

    /** The good project's members with a change, written as a new file. */
    private Path variant(String name, Map<String, byte[]> changed) throws Exception {
        Path f = dir.resolve(name + ".sylva");
        ProjectFixtures.zip(changed, f);
        return f;
    }

    private Map<String, byte[]> copy() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        members.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    private ObjectNode manifest(Map<String, byte[]> m) throws Exception {
        return (ObjectNode) JSON.readTree(m.get("manifest.json"));
    }

    private Path withManifest(String name, ObjectNode manifest) throws Exception {
        Map<String, byte[]> m = copy();
        m.put("manifest.json", JSON.writeValueAsBytes(manifest));
        return variant(name, m);
    }

    private String firstBlock() {
        return members.keySet().stream().filter(n -> n.startsWith("labels/0/")).findFirst().orElseThrow();
    }

    private static byte[] block(int t, int z0, int y0, int x0, int d, int h, int w, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(32 + values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SYLB".getBytes(StandardCharsets.US_ASCII)).putInt(t).putInt(z0).putInt(y0).putInt(x0).putInt(d).putInt(h)
                .putInt(w).put(values);
        return b.array();
    }

    @Test
    void truncatedFilesSayTheyAreDamaged() throws Exception {
        byte[] bytes = Files.readAllBytes(good);
        for (int len : new int[] {10, 100, bytes.length / 2, bytes.length - 23, bytes.length - 1}) {
            Path f = dir.resolve("cut" + len + ".sylva");
            Files.write(f, Arrays.copyOf(bytes, len));
            String p = problem(f);
            assertTrue(p.startsWith("the project file is damaged: it is truncated"), len + ": " + p);
            assertTrue(p.contains(".bak"), p);
        }
        Path empty = Files.write(dir.resolve("empty.sylva"), new byte[0]);
        assertTrue(problem(empty).startsWith("the file is empty (0 bytes)"));
    }

    @Test
    void foreignFilesAreNamedForWhatTheyAre() throws Exception {
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        assertEquals("not a Sylva project file (it is not a ZIP archive)",
                problem(Files.write(dir.resolve("noise.sylva"), noise)));
        Path png = Files.copy(Shared.path("data/ilastik_2d_cells_apoptotic/2d_cells_apoptotic_1channel.png"),
                dir.resolve("image.sylva"));
        assertEquals("not a Sylva project file (it is not a ZIP archive)", problem(png));
        Path ilp = Files.copy(Shared.path("data/ilastik_2d_cells_apoptotic/ac.ilp"), dir.resolve("ac.ilp"));
        assertTrue(problem(ilp).contains("an ilastik .ilp project?"));
        assertEquals("is a folder, not a project file", problem(dir));
        assertEquals("file not found", problem(dir.resolve("nothing.sylva")));

        Map<String, byte[]> other = new LinkedHashMap<>();
        other.put("readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("not a Sylva project: the archive has no manifest.json", problem(variant("otherzip", other)));
    }

    @Test
    void aBrokenManifestIsReportedWithItsPlace() throws Exception {
        Map<String, byte[]> m = copy();
        m.put("manifest.json", "{\n  \"format\": \"sylva-project\",\n  \"version\": 1,,\n}".getBytes(StandardCharsets.UTF_8));
        String p = problem(variant("badjson", m));
        assertTrue(p.startsWith("manifest.json: malformed JSON at line 3, column "), p);

        m.put("manifest.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertEquals("manifest.json: expected a JSON object", problem(variant("array", m)));

        ObjectNode wrong = manifest(members);
        wrong.put("format", "something-else");
        assertTrue(problem(withManifest("format", wrong)).startsWith("manifest.json: format: not a Sylva project"));

        ObjectNode noShape = manifest(members);
        ((ObjectNode) noShape.get("lanes").get(0)).remove("shape");
        assertEquals("manifest.json: lanes[0]: missing 'shape'", problem(withManifest("noshape", noShape)));

        ObjectNode textShape = manifest(members);
        ((ObjectNode) textShape.get("lanes").get(0)).put("shape", "254x256");
        assertEquals("manifest.json: lanes[0].shape: expected a list, got string",
                problem(withManifest("textshape", textShape)));

        ObjectNode badAxes = manifest(members);
        ((ObjectNode) badAxes.get("lanes").get(0)).put("axes", "yq");
        assertTrue(problem(withManifest("axes", badAxes)).startsWith("manifest.json: lanes[0].axes: axes 'yq': 'q'"));

        ObjectNode workflow = manifest(members);
        workflow.put("workflow", "Object Classification");
        assertEquals("manifest.json: workflow: 'Object Classification' projects cannot be opened by this Sylva (it"
                + " opens Pixel Classification projects)", problem(withManifest("workflow", workflow)));

        ObjectNode feature = manifest(members);
        ((ArrayNode) feature.get("features").get("ids")).set(0, "GaussianBlur");
        assertTrue(problem(withManifest("feature", feature)).startsWith("manifest.json: features.ids[0]: unknown feature"));
    }

    @Test
    void aNewerFormatAsksForAnUpdate() throws Exception {
        ObjectNode newer = manifest(members);
        newer.put("version", ProjectFile.VERSION + 1);
        newer.put("someFutureField", "x");
        assertEquals("this project was written by a newer Sylva (format " + (ProjectFile.VERSION + 1) + "); please "
                + "update Sylva to open it (this one reads formats up to " + ProjectFile.VERSION + ")",
                problem(withManifest("newer", newer)));
        // fields this version does not know are ignored (additions within a version stay readable)
        ObjectNode extra = manifest(members);
        extra.put("someFutureField", "x");
        ((ObjectNode) extra.get("lanes").get(0)).put("colormap", "viridis");
        assertEquals(project.labels(0), ProjectFile.read(withManifest("extra", extra)).project().labels(0));
    }

    @Test
    void labelBlocksAreCheckedAgainstTheLaneAndTheManifest() throws Exception {
        String name = firstBlock();
        Map<String, byte[]> m = copy();
        m.put(name, block(0, 0, 250, 0, 1, 10, 4, new byte[40]));
        String p = problem(variant("outside", m));
        assertEquals(name + ": block t=0 z=0+1 y=250+10 x=0+4 lies outside lane 1 'blobs' (t=1 z=1 y=254 x=256)", p);

        m.put(name, block(1, 0, 0, 0, 1, 1, 1, new byte[] {1}));
        assertTrue(problem(variant("time", m)).contains("lies outside lane 1"));

        m.put(name, block(0, 0, 0, 0, 1, 2, 2, new byte[] {1, 2, 7, 0}));
        assertEquals(name + ": block t=0 z=0+1 y=0+2 x=0+2 holds label value 7 but the project has 2 classes",
                problem(variant("value", m)));

        m.put(name, block(0, 0, 0, 0, 1, 2, 2, new byte[] {1, 2, 1}));
        assertEquals(name + ": block t=0 z=0+1 y=0+2 x=0+2 needs 4 values but holds 3", problem(variant("short", m)));

        m.put(name, "SYLB".getBytes(StandardCharsets.US_ASCII));
        assertEquals(name + ": truncated block (4 bytes)", problem(variant("stub", m)));

        // a missing block, an extra one, counts that do not add up
        m = copy();
        m.remove(name);
        assertTrue(problem(variant("missing", m)).matches("labels/0/: \\d+ label blocks stored, the manifest lists \\d+ "
                + "\\(damaged file\\)"));
        m = copy();
        m.put("labels/3/0-0-0-0.bin", block(0, 0, 0, 0, 1, 1, 1, new byte[] {1}));
        assertEquals("labels/3/0-0-0-0.bin: label block of a lane the manifest does not list (damaged file)",
                problem(variant("stray", m)));
        ObjectNode counts = manifest(members);
        ((ObjectNode) counts.get("lanes").get(0).get("labels")).put("labelledPixels", 5);
        assertTrue(problem(withManifest("counts", counts)).startsWith("labels/0/: the label blocks hold 1098 labelled"
                + " pixels [737, 361] per class, the manifest says 5 [737, 361]"));
    }

    @Test
    void hostileSizesNeverReachAnAllocation() throws Exception {
        String name = firstBlock();
        // a lane declared huge (valid), and a block claiming 4096³ pixels inside it
        ObjectNode huge = manifest(members);
        ObjectNode lane = (ObjectNode) huge.get("lanes").get(0);
        lane.put("axes", "zyx");
        lane.putArray("shape").add(100_000).add(40_000).add(40_000);
        Map<String, byte[]> m = copy();
        m.put("manifest.json", JSON.writeValueAsBytes(huge));
        m.put(name, block(0, 0, 0, 0, 4096, 4096, 4096, new byte[16]));
        assertEquals(name + ": block t=0 z=0+4096 y=0+4096 x=0+4096 claims 68719476736 pixels, more than a block can"
                + " hold (16777216)", problem(variant("bigbox", m)));
        // a block whose member inflates far beyond what a block may hold (a "zip bomb")
        m = copy();
        m.put(name, new byte[LabelBlockCodec.MAX_VOXELS + 1000]);
        assertTrue(problem(variant("bomb", m)).startsWith(name + ": holds more than the 16777248 bytes it can hold here"));
        // a shape whose single plane exceeds what an array can hold
        ObjectNode plane = manifest(members);
        ((ObjectNode) plane.get("lanes").get(0)).putArray("shape").add(100_000).add(100_000);
        assertTrue(problem(withManifest("plane", plane)).contains("larger than 2^31"));
        // negative and absurd counts
        ObjectNode negative = manifest(members);
        ((ObjectNode) negative.get("lanes").get(0).get("labels")).put("blocks", -3);
        assertTrue(problem(withManifest("negative", negative)).startsWith("manifest.json: lanes[0].labels.blocks: -3 is"
                + " outside 0…"));
        ObjectNode trees = manifest(members);
        ((ObjectNode) trees.get("training")).put("trees", 2_000_000_000);
        assertTrue(problem(withManifest("trees", trees)).startsWith("manifest.json: training.trees: 2000000000 is outside"));
    }

    @Test
    void aCorruptMemberIsCaughtByItsChecksum() throws Exception {
        byte[] bytes = Files.readAllBytes(good);
        String name = firstBlock();
        // the member's data starts after its local header (30 bytes), its name and its extra field
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int header = indexOf(bytes, nameBytes) - 30;
        int extra = (bytes[header + 28] & 0xff) | (bytes[header + 29] & 0xff) << 8;
        int data = header + 30 + nameBytes.length + extra;
        byte[] bad = bytes.clone();
        bad[data + 3] ^= 0x5a;
        String p = problem(Files.write(dir.resolve("flipped.sylva"), bad));
        assertTrue(p.startsWith(name + ": damaged ("), p);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aDamagedForestIsDroppedWithAWarningAndTheLabelsAreKept() throws Exception {
        assertTrue(members.containsKey("forest.bin"));
        Map<String, byte[]> m = copy();
        m.get("forest.bin")[100] ^= 0x01;   // inside the codec's payload: its own checksum catches it
        ProjectFile.Loaded back = ProjectFile.read(variant("forest", m));
        assertNull(back.project().forest());
        assertEquals(project.labels(0), back.project().labels(0));
        assertEquals(1, back.warnings().size());
        assertEquals("forest stream: checksum mismatch (corrupt data) — the classifier was dropped and will be trained"
                + " again from the labels", back.warnings().get(0).replace("forest.bin: ", ""));

        // larger than any forest trained on these 1098 labelled pixels can be
        m = copy();
        m.put("forest.bin", new byte[60_000_000]);
        back = ProjectFile.read(variant("bigforest", m));
        assertNull(back.project().forest());
        assertTrue(back.warnings().get(0).startsWith("forest.bin: holds more than the"), back.warnings().get(0));

        // a forest recorded as trained on something else
        ObjectNode stale = manifest(members);
        ((ObjectNode) stale.get("forest")).put("trainingKey", "0".repeat(64));
        back = ProjectFile.read(withManifest("stale", stale));
        assertNull(back.project().forest());
        assertTrue(back.warnings().get(0).startsWith("forest.bin: the stored classifier was trained on other labels"));

        // a forest whose feature names do not fit it
        ObjectNode names = manifest(members);
        ((ArrayNode) names.get("forest").get("featureNames")).remove(0);
        back = ProjectFile.read(withManifest("names", names));
        assertNull(back.project().forest());
        assertTrue(back.warnings().get(0).contains("feature names"), back.warnings().get(0));

        // and the good file keeps it
        assertTrue(ProjectFile.read(good).project().forestIsCurrent());
    }
}
