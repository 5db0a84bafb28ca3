package org.sylva.image;

import java.util.Locale;

/**
 * Pixel data types. Each type is held in the narrowest Java primitive array of its width; unsigned types are stored
 * in the signed array of the same width and read with masking ({@code byte[]} for uint8/int8, {@code short[]} for
 * uint16/int16, {@code int[]} for uint32/int32, {@code long[]} for uint64/int64, {@code float[]}, {@code double[]}).
 */
public enum DType {
    UINT8("uint8", 1, false, false),
    INT8("int8", 1, false, true),
    UINT16("uint16", 2, false, false),
    INT16("int16", 2, false, true),
    UINT32("uint32", 4, false, false),
    INT32("int32", 4, false, true),
    UINT64("uint64", 8, false, false),
    INT64("int64", 8, false, true),
    FLOAT32("float32", 4, true, true),
    FLOAT64("float64", 8, true, true);

    private final String numpyName;
    private final int bytes;
    private final boolean floating;
    private final boolean signed;

    DType(String numpyName, int bytes, boolean floating, boolean signed) {
        this.numpyName = numpyName;
        this.bytes = bytes;
        this.floating = floating;
        this.signed = signed;
    }

    /** The numpy name of this type, e.g. {@code uint8} (also the spelling of ilastik's {@code --export_dtype}). */
    public String numpyName() { return numpyName; }

    /** Bytes per sample. */
    public int bytes() { return bytes; }

    public boolean isFloat() { return floating; }

    public boolean isSigned() { return signed; }

    public boolean isInteger() { return !floating; }

    /** Smallest representable value (for integer types), or {@code -Double.MAX_VALUE} for floats. */
    public double minValue() {
        return switch (this) {
            case UINT8, UINT16, UINT32, UINT64 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    /** Largest representable value (uint64 and int64 are approximated by the nearest double). */
    public double maxValue() {
        return switch (this) {
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case UINT16 -> 65535;
            case INT16 -> Short.MAX_VALUE;
            case UINT32 -> 4294967295.0;
            case INT32 -> Integer.MAX_VALUE;
            case UINT64 -> 18446744073709551615.0;
            case INT64 -> Long.MAX_VALUE;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }

    /** A new zero-filled array of {@code n} samples of this type. */
    public Object allocate(int n) {
        return switch (this) {
            case UINT8, INT8 -> new byte[n];
            case UINT16, INT16 -> new short[n];
            case UINT32, INT32 -> new int[n];
            case UINT64, INT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    /** The Java array class that holds samples of this type. */
    public Class<?> arrayClass() {
        return switch (this) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
    }

    /**
     * Parses a numpy-style type name ({@code uint8}, {@code float32}, …; also {@code float} = float32,
     * {@code double} = float64, case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted names when {@code name} is unknown
     */
    public static DType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DType d : values()) {
            if (d.numpyName.equals(n)) return d;
        }
        if (n.equals("float")) return FLOAT32;
        if (n.equals("double")) return FLOAT64;
        throw new IllegalArgumentException("unknown data type '" + name + "' (expected one of uint8, uint16, uint32, "
                + "uint64, int8, int16, int32, int64, float32, float64)");
    }

    @Override
    public String toString() { return numpyName; }
}
