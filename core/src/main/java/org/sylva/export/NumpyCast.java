package org.sylva.export;

import org.sylva.image.DType;

/**
 * numpy's element conversions ({@code ndarray.astype}) bit for bit, as numpy 1.24 does them on x86-64 (the
 * platform ilastik's builds and Sylva's tests run on), and numpy's type promotion for {@code array - python_int}.
 * Samples travel as {@code long} (integers; uint64 as its bit pattern) or {@code double} (floats; float32 values
 * held exactly).
 */
final class NumpyCast {

    private static final double TWO_31 = 0x1p31;
    private static final double TWO_63 = 0x1p63;

    private NumpyCast() {}

    /**
     * A floating-point value cast to integer type {@code t}, returned as the bits to store (the caller narrows).
     * Truncation toward zero; out-of-range values follow the x86 conversion instructions numpy's C casts compile
     * to: to (u)int8/(u)int16/int32 through a 32-bit conversion (out of int32 range or NaN → 0x80000000, then
     * wrapped to the width), to uint32 through the 32-bit conversion with a 2^31 offset for large values, to int64
     * through a 64-bit conversion (out of range or NaN → 2^63), to uint64 likewise with a 2^63 offset.
     * (numpy's scalar loop differs in one corner: −inf to uint32 gives 0 there, 2^31 here and in its vector loop.)
     */
    static long floatToInteger(double v, DType t) {
        return switch (t) {
            case INT8, UINT8, INT16, UINT16, INT32 -> cvtt32(v);
            case UINT32 -> v >= TWO_31 ? (cvtt32(v - TWO_31) ^ 0x8000_0000L) & 0xffff_ffffL : cvtt32(v);
            case INT64 -> cvtt64(v);
            case UINT64 -> v >= TWO_63 ? cvtt64(v - TWO_63) ^ Long.MIN_VALUE : cvtt64(v);
            default -> throw new IllegalArgumentException(t + " is not an integer type");
        };
    }

    /** x86 {@code cvttsd2si} with a 32-bit result: truncation, and 0x80000000 when out of range or NaN. */
    static long cvtt32(double v) {
        return v > -2147483649.0 && v < 2147483648.0 ? (long) (int) v : Integer.MIN_VALUE;
    }

    /** x86 {@code cvttsd2si} with a 64-bit result: truncation, and 2^63 when out of range or NaN. */
    private static long cvtt64(double v) {
        return v >= -TWO_63 && v < TWO_63 ? (long) v : Long.MIN_VALUE;
    }

    /** An integer sample (uint64 as bits when {@code t} is UINT64) as float64, rounded to nearest. */
    static double toDouble(long v, DType t) {
        if (t == DType.UINT64 && v < 0) {
            // unsigned: halve with a sticky bit, convert, double — one correct rounding
            return (double) ((v >>> 1) | (v & 1)) * 2.0;
        }
        return v;
    }

    /** An integer sample (uint64 as bits when {@code t} is UINT64) as float32, rounded once to nearest. */
    static float toFloat(long v, DType t) {
        if (t == DType.UINT64 && v < 0) return (float) ((v >>> 1) | (v & 1)) * 2.0f;
        return v;
    }

    /** {@code v} (an exact integer) wrapped into integer type {@code t}'s range, as numpy's integer arithmetic does. */
    static long wrap(long v, DType t) {
        return switch (t) {
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xff;
            case INT16 -> (short) v;
            case UINT16 -> v & 0xffff;
            case INT32 -> (int) v;
            case UINT32 -> v & 0xffff_ffffL;
            case INT64, UINT64 -> v;
            default -> throw new IllegalArgumentException(t + " is not an integer type");
        };
    }

    /** True if the integer {@code m} is a value of integer type {@code t}. */
    static boolean fits(long m, DType t) {
        return switch (t) {
            case INT8 -> m >= Byte.MIN_VALUE && m <= Byte.MAX_VALUE;
            case UINT8 -> m >= 0 && m <= 0xff;
            case INT16 -> m >= Short.MIN_VALUE && m <= Short.MAX_VALUE;
            case UINT16 -> m >= 0 && m <= 0xffff;
            case INT32 -> m >= Integer.MIN_VALUE && m <= Integer.MAX_VALUE;
            case UINT32 -> m >= 0 && m <= 0xffff_ffffL;
            case INT64 -> true;
            case UINT64 -> m >= 0;
            default -> false;
        };
    }

    /**
     * The type of {@code array - m} for an integer array of type {@code t} and a Python int {@code m} (numpy's
     * value-based promotion): {@code t} itself when {@code m} fits (numpy 1 and 2 agree), otherwise the smallest
     * type holding both, as numpy 1 chooses (numpy 2 raises an OverflowError there): a negative {@code m} with an
     * unsigned array gives the next wider signed type (float64 for uint64), a large positive one the unsigned or
     * signed type holding it.
     */
    static DType subtractType(DType t, long m) {
        if (fits(m, t)) return t;
        int w = t.bytes();
        if (!t.isSigned()) {
            if (m < 0) {
                int need = Math.max(2 * w, signedBytes(m));
                return need > 8 ? DType.FLOAT64 : signedOfWidth(need);
            }
            return unsignedOfWidth(Math.max(w, unsignedBytes(m)));
        }
        return signedOfWidth(Math.max(w, signedBytes(m)));
    }

    private static int signedBytes(long m) {
        if (m >= Byte.MIN_VALUE && m <= Byte.MAX_VALUE) return 1;
        if (m >= Short.MIN_VALUE && m <= Short.MAX_VALUE) return 2;
        if (m >= Integer.MIN_VALUE && m <= Integer.MAX_VALUE) return 4;
        return 8;
    }

    private static int unsignedBytes(long m) {
        if (m <= 0xff) return 1;
        if (m <= 0xffff) return 2;
        if (m <= 0xffff_ffffL) return 4;
        return 8;
    }

    private static DType signedOfWidth(int bytes) {
        return switch (bytes) {
            case 1 -> DType.INT8;
            case 2 -> DType.INT16;
            case 4 -> DType.INT32;
            default -> DType.INT64;
        };
    }

    private static DType unsignedOfWidth(int bytes) {
        return switch (bytes) {
            case 1 -> DType.UINT8;
            case 2 -> DType.UINT16;
            case 4 -> DType.UINT32;
            default -> DType.UINT64;
        };
    }

    /**
     * True if numpy multiplies an integer array of type {@code t} by a float32 scalar in float32 (types up to 16
     * bits); wider integers promote to float64.
     */
    static boolean timesFloat32IsFloat32(DType t) {
        return t.bytes() <= 2;
    }
}
