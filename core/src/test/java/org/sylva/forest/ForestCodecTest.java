package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.sylva.testing.Shared;

/** Our model files round-trip exactly, and damaged ones fail with a clear message, never OOM or an index error. */
class ForestCodecTest {

    private static RandomForest trained() {
        Fixture train = Fixture.train();
        return ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(),
                TrainingOptions.defaults().withTreeCount(12).withSeed(5).withThreads(2)
                        .withPermutationImportance(true));
    }

    @Test
    void roundTripKeepsModelMetadataAndPredictions() throws Exception {
        RandomForest rf = trained();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ForestCodec.write(rf, bytes);
        bytes.write(new byte[] {42, 43});   // trailing data of the enclosing stream is left unread
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        RandomForest back = ForestCodec.read(in);
        assertEquals(42, in.read(), "reads exactly the forest's bytes");
        assertEquals(rf, back);
        TrainingReport a = rf.training().orElseThrow(), b = back.training().orElseThrow();
        assertEquals(a, b);
        assertEquals(5L, b.seed());
        assertEquals(12, b.treeCount());
        assertEquals(Fixture.F, b.giniImportance().length);
        assertTrue(b.hasPermutationImportance());
        assertArrayEquals(rf.classLabels(), back.classLabels());
        Fixture test = Fixture.test();
        assertArrayEquals(rf.predict(test.x(), test.n()), back.predict(test.x(), test.n()));
    }

    @Test
    void importedForestWithoutTrainingRecordRoundTrips() throws Exception {
        RandomForest rf = VigraForests.read(Shared.path("fixtures/ilastik/pixel/PixelClass.ilp"),
                "PixelClassification/ClassifierForests").forest();
        RandomForest back = ForestCodec.fromBytes(ForestCodec.toBytes(rf));
        assertEquals(rf, back);
        assertTrue(back.training().isEmpty());
    }

    @Test
    void damagedStreamsGiveClearErrors() {
        byte[] good = ForestCodec.toBytes(trained());
        // truncated anywhere
        for (int len : new int[] {0, 5, 27, 28, 100, good.length / 2, good.length - 1}) {
            ForestFormatException e = assertThrows(ForestFormatException.class,
                    () -> ForestCodec.fromBytes(Arrays.copyOf(good, len)), "length " + len);
            assertTrue(e.getMessage().startsWith("forest stream: "), e.getMessage());
        }
        // a flipped bit in the payload
        byte[] flipped = good.clone();
        flipped[good.length / 3] ^= 0x10;
        assertTrue(assertThrows(ForestFormatException.class, () -> ForestCodec.fromBytes(flipped))
                .getMessage().contains("checksum"));
        // not ours
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(ForestFormatException.class, () -> ForestCodec.fromBytes(magic))
                .getMessage().contains("not a Sylva forest"));
        // a newer version
        byte[] version = good.clone();
        version[8] = 9;
        assertTrue(assertThrows(ForestFormatException.class, () -> ForestCodec.fromBytes(version))
                .getMessage().contains("version 9"));
        // an absurd payload length must not allocate it
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(12, Integer.MAX_VALUE - 100L);
        assertTrue(assertThrows(ForestFormatException.class, () -> ForestCodec.fromBytes(huge))
                .getMessage().contains("truncated"));
    }

    @Test
    void corruptCountsBehindAValidChecksumAreRejected() {
        byte[] good = ForestCodec.toBytes(trained());
        // payload offsets: featureCount @0, classCount @4, labels @8.., treeCount @16, first tree's node count @20
        int[][] edits = {{4, Integer.MAX_VALUE}, {4, -1}, {16, 1 << 30}, {20, 1 << 29}, {20, -5}, {24, 999_999},
                {0, 0}};
        for (int[] edit : edits) {
            byte[] bad = good.clone();
            ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(28 + edit[0], edit[1]);
            CRC32 crc = new CRC32();
            crc.update(bad, 28, bad.length - 28);
            b.putLong(20, crc.getValue());
            ForestFormatException e = assertThrows(ForestFormatException.class, () -> ForestCodec.fromBytes(bad),
                    "payload offset " + edit[0] + " = " + edit[1]);
            assertTrue(e.getMessage().startsWith("forest stream: "), e.getMessage());
        }
    }
}
