package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

class ImageSequenceTest {

    /** A 6 x 5 grey image whose every sample is {@code value}. */
    private static Image flat(int value) {
        Image im = Image.create(DType.UINT8, Axes.of("yx"), 6, 5);
        java.util.Arrays.fill((byte[]) im.plane(0, 0), (byte) value);
        return im;
    }

    private static void writeFrames(Path dir, String... names) throws IOException {
        for (int i = 0; i < names.length; i++) ImageFiles.write(flat(10 * (i + 1)), dir.resolve(names[i]), WriteOptions.DEFAULT);
    }

    @Test
    void globStacksAlongZInNaturalOrder(@TempDir Path dir) throws IOException {
        // written t1=10, t2=20, t10=30: natural order is t1, t2, t10 (plain sorting would give t1, t10, t2)
        writeFrames(dir, "frame_t1.png", "frame_t2.png", "frame_t10.png");
        Files.writeString(dir.resolve("notes.txt"), "not matched");
        Image im = ImageFiles.read(dir.resolve("frame_t*.png").toString());
        assertEquals("zyx", im.axes().letters());
        assertEquals("t=1 z=3 y=6 x=5 c=1", im.shape().toString());
        assertEquals(10, im.get(0, 0, 0, 0, 0));
        assertEquals(20, im.get(0, 1, 5, 4, 0));
        assertEquals(30, im.get(0, 2, 3, 3, 0));
        assertEquals("frame_t", im.name());
    }

    @Test
    void pathSeparatorListKeepsTheGivenOrderAndStacksAlongT(@TempDir Path dir) throws IOException {
        writeFrames(dir, "a.png", "b.png", "c.png");
        String list = dir.resolve("c.png") + File.pathSeparator + dir.resolve("a.png") + File.pathSeparator + dir.resolve("b.png");
        Image im = ImageFiles.read(list, ReadOptions.DEFAULT.stackedAlong('t'));
        assertEquals("tyx", im.axes().letters());
        assertEquals(30, im.get(0, 0, 0, 0, 0));
        assertEquals(10, im.get(1, 0, 0, 0, 0));
        assertEquals(20, im.get(2, 0, 0, 0, 0));
    }

    @Test
    void stacksNpySlicesAlongChannels(@TempDir Path dir) throws IOException {
        Image a = IoFixtures.random(DType.FLOAT32, Axes.of("yx"), 1, 4, 3);
        Image b = IoFixtures.random(DType.FLOAT32, Axes.of("yx"), 2, 4, 3);
        ImageFiles.write(a, dir.resolve("ch0.npy"), WriteOptions.DEFAULT);
        ImageFiles.write(b, dir.resolve("ch1.npy"), WriteOptions.DEFAULT);
        Image im = ImageFiles.read(dir.resolve("ch?.npy").toString(), ReadOptions.DEFAULT.stackedAlong('c'));
        assertEquals("yxc", im.axes().letters());
        assertEquals(2, im.shape().c());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(a.get(0, 0, y, x, 0), im.get(0, 0, y, x, 0));
                assertEquals(b.get(0, 0, y, x, 0), im.get(0, 0, y, x, 1));
            }
        }
    }

    @Test
    void colourSlicesStackToZyxcSharingThePlanes() throws ImageFileException {
        Image r = IoFixtures.random(DType.UINT8, Axes.of("yxc"), 1, 4, 4, 3);
        Image s = IoFixtures.random(DType.UINT8, Axes.of("yxc"), 2, 4, 4, 3);
        Image st = ImageSequence.stack(List.of(r, s), List.of("r.png", "s.png"), 'z');
        assertEquals("zyxc", st.axes().letters());
        assertSame(s.plane(0, 0), st.plane(0, 1));
    }

    @Test
    void aSliceOfAnotherShapeIsNamed(@TempDir Path dir) throws IOException {
        writeFrames(dir, "s1.png", "s2.png");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yx"), 6, 4), dir.resolve("s3.png"), WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(dir.resolve("s*.png").toString()));
        assertEquals(dir.resolve("s3.png") + ": t=1 z=1 y=6 x=4 c=1 uint8 differs from the first image of the stack ("
                + dir.resolve("s1.png") + ": t=1 z=1 y=6 x=5 c=1 uint8); all images of a stack must have the same shape"
                + " and type", e.getMessage());
    }

    @Test
    void aVolumeCannotBeStackedAlongItsOwnZ(@TempDir Path dir) throws IOException {
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("zyx"), 5, 4, 6), dir.resolve("v1.npy"), WriteOptions.DEFAULT);
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("zyx"), 5, 4, 6), dir.resolve("v2.npy"), WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(dir.resolve("v*.npy").toString()));
        assertTrue(e.getMessage().endsWith("v1.npy: already has z=5; a stack along z needs images with a single slice"
                + " (stack along t or c instead)"), e.getMessage());
        Image t = ImageFiles.read(dir.resolve("v*.npy").toString(), ReadOptions.DEFAULT.stackedAlong('t'));
        assertEquals("tzyx", t.axes().letters());
        assertEquals("t=2 z=5 y=4 x=6 c=1", t.shape().toString());
    }

    @Test
    void globOverHdf5FilesReadsTheSameDatasetFromEach(@TempDir Path dir) throws IOException {
        for (int i = 1; i <= 3; i++) {
            Image im = flat(i);
            ImageFiles.write(im, dir.resolve("t" + i + ".h5") + "/volume/raw", WriteOptions.DEFAULT);
        }
        Image st = ImageFiles.read(dir.resolve("t*.h5") + "/volume/raw", ReadOptions.DEFAULT.stackedAlong('t'));
        assertEquals("tyx", st.axes().letters());
        assertEquals(3, st.get(2, 0, 5, 4, 0));
    }

    @Test
    void aGlobMatchingNothingIsAnError(@TempDir Path dir) {
        String pattern = dir.resolve("nothing_*.png").toString();
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(pattern));
        assertEquals(pattern + ": no file matches this pattern", e.getMessage());
    }

    @Test
    void aGlobMatchingOneFileReadsThatFile(@TempDir Path dir) throws IOException {
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("zyx"), 3, 4, 6), dir.resolve("only.npy"), WriteOptions.DEFAULT);
        assertEquals("zyx", ImageFiles.read(dir.resolve("o*.npy").toString()).axes().letters());
    }

    @Test
    void globMatchesWhatPythonsGlobMatches(@TempDir Path dir) throws IOException {
        for (String n : List.of("a1.png", "a2.png", "a10.png", "b1.png", "ab.png", ".hidden.png", "a[1].png", "c.tif")) {
            Files.writeString(dir.resolve(n), "");
        }
        Files.createDirectories(dir.resolve("sub1"));
        Files.createDirectories(dir.resolve("sub2"));
        Files.writeString(dir.resolve("sub1/x.png"), "");
        Files.writeString(dir.resolve("sub2/y.png"), "");
        List<String> patterns = List.of("*.png", "a?.png", "a[0-9]*.png", "[!a]*", "a[[]1].png", ".*.png", "sub*/*.png",
                "*", "a[.png");
        JsonNode py = IoFixtures.python(String.join("\n",
                "import glob, json, sys, os",
                "os.chdir(sys.argv[1])",
                "print(json.dumps([sorted(glob.glob(p)) for p in sys.argv[2:]]))"),
                prepend(dir.toString(), patterns));
        for (int i = 0; i < patterns.size(); i++) {
            TreeSet<String> ours = new TreeSet<>();
            for (Path p : ImageSequence.glob(dir.resolve(patterns.get(i)).toString())) ours.add(dir.relativize(p).toString());
            TreeSet<String> theirs = new TreeSet<>();
            py.get(i).forEach(n -> theirs.add(n.asText()));
            assertEquals(theirs, ours, patterns.get(i));
        }
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        List<String> names = new ArrayList<>(List.of("t10.png", "t2.png", "t1.png", "t002.png", "s9.png", "t1b.png"));
        names.sort(ImageSequence::compareNatural);
        assertEquals(List.of("s9.png", "t1.png", "t1b.png", "t002.png", "t2.png", "t10.png"), names);
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    @Test
    void aGlobOfTiffFramesStackedAlongTimeEqualsTheDatasetsOwnStack() throws Exception {
        // the 30 original MitoCheck frames and the dataset's TYX stack made from them (values unchanged)
        String glob = org.sylva.testing.Shared.path("data/neubias_mitocheck_h2b_movie/original_frames") + "/*.tif";
        Image frames = ImageFiles.read(glob, ReadOptions.DEFAULT.stackedAlong('t'));
        Image stack = ImageFiles.read(org.sylva.testing.Shared.path(
                "data/neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif").toString());
        assertEquals(30, frames.shape().t());
        assertEquals(stack.shape(), frames.shape());
        assertTrue(stack.sameSamples(frames), "frames stacked in natural order must equal the TYX stack");
    }
}
