package org.sylva.io;

import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads text datasets from HDF5 files written by h5py (ilastik projects): fixed-length byte strings are decoded
 * as UTF-8 from their raw bytes — jhdf decodes them with the declared ASCII charset, which turns ilastik's "σ"
 * into replacement characters — and variable-length strings as jhdf decodes them. Scalars give a one-element list.
 */
public final class Hdf5Text {

    private Hdf5Text() {}

    /** The strings of {@code dataset}, in storage order (flattened). */
    public static List<String> strings(Dataset dataset) {
        List<String> out = new ArrayList<>();
        if (dataset.getDataType() instanceof StringData fixed && dataset instanceof DatasetBase base) {
            int size = fixed.getSize();
            ByteBuffer buf = base.getDataBuffer();
            byte[] item = new byte[size];
            while (buf.remaining() >= size) {
                buf.get(item);
                int end = 0;
                while (end < size && item[end] != 0) end++;
                if (fixed.getPaddingType() == StringData.PaddingType.SPACE_PADDED) {
                    while (end > 0 && item[end - 1] == ' ') end--;
                }
                out.add(new String(item, 0, end, StandardCharsets.UTF_8));
            }
            return out;
        }
        if (dataset.getDataType() instanceof VariableLength vlen && vlen.isVariableLengthString()) {
            readAsUtf8(vlen);
        }
        flatten(dataset.getData(), out);
        return out;
    }

    /**
     * h5py stores Python str as variable-length strings declared ASCII but holding UTF-8 (ilastik's "σ"); jhdf 0.13
     * decodes them with the declared charset and has no raw-bytes path for them, so the datatype's charset is set to
     * UTF-8 (a superset of ASCII) before reading. If that is not possible, jhdf's own decoding is kept.
     */
    private static void readAsUtf8(VariableLength vlen) {
        if (vlen.getEncoding().equals(StandardCharsets.UTF_8)) return;
        try {
            java.lang.reflect.Field f = VariableLength.class.getDeclaredField("encoding");
            f.setAccessible(true);
            f.set(vlen, StandardCharsets.UTF_8);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // keep jhdf's decoding: non-ASCII characters show as replacement characters
        }
    }

    /** The single string of a scalar or one-element text dataset. */
    public static String string(Dataset dataset) {
        List<String> all = strings(dataset);
        if (all.isEmpty()) throw new IllegalArgumentException(dataset.getPath() + " holds no text");
        return all.get(0);
    }

    private static void flatten(Object data, List<String> out) {
        if (data == null) return;
        if (data.getClass().isArray() && !(data instanceof byte[])) {
            for (int i = 0; i < Array.getLength(data); i++) flatten(Array.get(data, i), out);
        } else if (data instanceof byte[] b) {
            out.add(new String(b, StandardCharsets.UTF_8));
        } else {
            out.add(data.toString());
        }
    }
}
