package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/** ImageArray against the image model's own (slow, simple) flattening, {@link Image#toArray}. */
class ImageArrayTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void streamsExactlyTheCOrderArrayOfEveryAxisOrder(DType dtype) throws IOException {
        Image im = IoFixtures.random(dtype, Axes.of("tzyxc"), 5, 2, 3, 4, 5, 3);
        for (String order : permutations("tzyxc")) {
            Axes axes = Axes.of(order);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ImageArray(im, axes).writeTo(Channels.newChannel(out), ByteOrder.BIG_ENDIAN);
            assertArrayEquals(bytes(im.toArray(axes), ByteOrder.BIG_ENDIAN), out.toByteArray(), order);
        }
    }

    @Test
    void copiesBlocksOfLargerBuffersBothWays() {
        // chunks of 2 x 3 x 2 over a 5 x 7 x 3 (y, x, c) image: edge chunks are partly outside the image
        Image im = IoFixtures.random(DType.INT16, Axes.of("yxc"), 1, 5, 7, 3);
        Image copy = Image.create(DType.INT16, Axes.of("yxc"), 5, 7, 3);
        ImageArray from = new ImageArray(im, Axes.of("yxc"));
        ImageArray to = new ImageArray(copy, Axes.of("yxc"));
        int[] chunk = {2, 3, 2};
        for (int y = 0; y < 5; y += 2) {
            for (int x = 0; x < 7; x += 3) {
                for (int c = 0; c < 3; c += 2) {
                    long[] start = {y, x, c};
                    int[] count = {Math.min(2, 5 - y), Math.min(3, 7 - x), Math.min(2, 3 - c)};
                    ByteBuffer buf = ByteBuffer.allocate(2 * 3 * 2 * 2).order(ByteOrder.LITTLE_ENDIAN);
                    from.fromImage(start, count, chunk, buf);
                    to.toImage(start, count, chunk, buf);
                }
            }
        }
        assertTrue(copy.sameSamples(im));
    }

    @Test
    void readsSlabsThatSplitAnAxis(@TempDir Path dir) throws IOException {
        // 3000 rows of 4 000 bytes = 12 MB: slabs of 2 097 rows then the rest
        Image im = IoFixtures.random(DType.FLOAT32, Axes.of("yx"), 3, 3000, 1000);
        Path f = dir.resolve("raw");
        Files.write(f, bytes(im.toArray(Axes.of("yx")), ByteOrder.LITTLE_ENDIAN));
        Image back = Image.create(DType.FLOAT32, Axes.of("yx"), 3000, 1000);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            new ImageArray(back, Axes.of("yx")).readFrom(ch, 0, ByteOrder.LITTLE_ENDIAN);
        }
        assertTrue(back.sameSamples(im));
    }

    private static byte[] bytes(Object flat, ByteOrder order) {
        int n = java.lang.reflect.Array.getLength(flat);
        int w = flat instanceof byte[] ? 1 : flat instanceof short[] ? 2 : flat instanceof int[] || flat instanceof float[] ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(n * w).order(order);
        for (int i = 0; i < n; i++) {
            if (flat instanceof byte[] a) b.put(a[i]);
            else if (flat instanceof short[] a) b.putShort(a[i]);
            else if (flat instanceof int[] a) b.putInt(a[i]);
            else if (flat instanceof long[] a) b.putLong(a[i]);
            else if (flat instanceof float[] a) b.putFloat(a[i]);
            else b.putDouble(((double[]) flat)[i]);
        }
        return b.array();
    }

    private static List<String> permutations(String s) {
        List<String> out = new ArrayList<>();
        if (s.length() <= 1) {
            out.add(s);
            return out;
        }
        for (int i = 0; i < s.length(); i++) {
            for (String rest : permutations(s.substring(0, i) + s.substring(i + 1))) out.add(s.charAt(i) + rest);
        }
        return out;
    }
}
