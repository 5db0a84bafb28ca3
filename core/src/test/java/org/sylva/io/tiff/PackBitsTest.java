package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PackBits against the example of Apple Technical Note TN1023 (the format's definition). */
class PackBitsTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void decodesTheAppleTechnicalNoteExample() {
        byte[] packed = bytes(0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA);
        byte[] expected = bytes(0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
                0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA);
        byte[] out = new byte[expected.length];
        assertEquals(expected.length, PackBits.decode(packed, packed.length, out, out.length));
        assertArrayEquals(expected, out);
    }

    @Test
    void stopsAtTheOutputSizeAndSkipsNoOps() {
        byte[] packed = bytes(0x80, 0xFB, 0x07, 0x01, 0x09); // no-op, 6 × 7, literal 9
        byte[] out = new byte[4];
        assertEquals(4, PackBits.decode(packed, packed.length, out, out.length));
        assertArrayEquals(bytes(7, 7, 7, 7), out);
        byte[] all = new byte[10];
        assertEquals(7, PackBits.decode(packed, packed.length, all, all.length), "short input gives what it has");
        assertArrayEquals(bytes(7, 7, 7, 7, 7, 7, 9, 0, 0, 0), all);
        assertEquals(0, PackBits.decode(bytes(0x05), 1, all, all.length), "literal run cut off");
        assertArrayEquals(new byte[0], Arrays.copyOf(all, 0));
    }
}
