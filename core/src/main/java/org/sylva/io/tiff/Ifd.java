package org.sylva.io.tiff;

/**
 * The tags of one TIFF image file directory (IFD, "page") that the reader needs, already checked for consistency by
 * {@link TiffStructure}. Offsets are absolute byte positions in the file.
 */
final class Ifd {

    /** Position of the page in the IFD chain, from 0. */
    final int index;
    /** Byte offset of the IFD itself. */
    final long offset;

    long newSubfileType;
    int width;
    int height;
    int samplesPerPixel = 1;
    int bitsPerSample = 1;
    int sampleFormat = 1;
    int compression = 1;
    int photometric = -1;
    int planarConfig = 1;
    int predictor = 1;
    int fillOrder = 1;
    long rowsPerStrip = Long.MAX_VALUE;
    /** Strip or tile offsets, one per chunk (chunks of all sample planes when planar = 2). */
    long[] chunkOffsets;
    /** Strip or tile byte counts (null when absent: allowed for uncompressed strips only). */
    long[] chunkByteCounts;
    boolean tiled;
    int tileWidth;
    int tileLength;
    /** First ImageDescription of this page (tag 270), or null. */
    String description;
    double xResolution = Double.NaN;
    double yResolution = Double.NaN;
    /** TIFF ResolutionUnit: 1 none, 2 inch (the TIFF default), 3 centimetre. */
    int resolutionUnit = 2;
    boolean hasResolutionUnit;

    Ifd(int index, long offset) {
        this.index = index;
        this.offset = offset;
    }

    boolean isReducedResolution() { return (newSubfileType & 1) != 0; }

    boolean isMask() { return (newSubfileType & 4) != 0; }

    /** Samples stored per chunk pixel: all of them when interleaved (planar = 1), one when planar = 2. */
    int samplesPerChunkPixel() { return planarConfig == 2 ? 1 : samplesPerPixel; }

    int bytesPerSample() { return bitsPerSample / 8; }

    int chunkWidth() { return tiled ? tileWidth : width; }

    int chunkHeight() { return tiled ? tileLength : (int) Math.min(rowsPerStrip, height); }

    int chunksAcross() { return tiled ? ceilDiv(width, tileWidth) : 1; }

    int chunksDown() { return ceilDiv(height, chunkHeight()); }

    /** Chunks (strips or tiles) per sample plane. */
    int chunksPerPlane() { return chunksAcross() * chunksDown(); }

    /** Chunks in the page: per sample plane, times the samples when planar = 2. */
    int chunkCount() { return chunksPerPlane() * (planarConfig == 2 ? samplesPerPixel : 1); }

    /** Bytes of one full page when decoded. */
    long decodedBytes() { return (long) width * height * samplesPerPixel * bytesPerSample(); }

    /** Same geometry and sample type, i.e. belongs to the same image series. */
    boolean sameKind(Ifd o) {
        return width == o.width && height == o.height && samplesPerPixel == o.samplesPerPixel
                && bitsPerSample == o.bitsPerSample && sampleFormat == o.sampleFormat
                && planarConfig == o.planarConfig;
    }

    /**
     * True if the page is uncompressed and the strips of each sample plane follow each other without gaps, so that
     * a sample plane can be read with one bulk read from its first strip offset.
     */
    boolean isContiguous() {
        if (compression != 1 || tiled) return false;
        int perPlane = chunksPerPlane();
        long stripBytes = (long) width * samplesPerChunkPixel() * bytesPerSample() * chunkHeight();
        int components = planarConfig == 2 ? samplesPerPixel : 1;
        for (int c = 0; c < components; c++) {
            long base = chunkOffsets[c * perPlane];
            for (int j = 1; j < perPlane; j++) {
                if (chunkOffsets[c * perPlane + j] != base + j * stripBytes) return false;
            }
        }
        return true;
    }

    /** True if all pixel data of the page is one uncompressed block of {@link #decodedBytes()} bytes. */
    boolean isOneBlock() {
        if (!isContiguous()) return false;
        if (planarConfig != 2) return true;
        long componentBytes = (long) width * height * bytesPerSample();
        int perPlane = chunksPerPlane();
        for (int c = 1; c < samplesPerPixel; c++) {
            if (chunkOffsets[c * perPlane] != chunkOffsets[0] + c * componentBytes) return false;
        }
        return true;
    }

    static int ceilDiv(long a, long b) { return (int) ((a + b - 1) / b); }
}
