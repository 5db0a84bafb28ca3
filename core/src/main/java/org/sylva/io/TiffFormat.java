package org.sylva.io;

import java.io.IOException;
import java.util.Set;
import org.sylva.image.Image;
import org.sylva.io.tiff.TiffReader;
import org.sylva.io.tiff.TiffWriter;

/**
 * TIFF: reads what microscopes, Fiji, tifffile and libtiff write (ImageJ hyperstacks, OME-TIFF, BigTIFF, tiles,
 * LZW/Deflate/PackBits; see {@link TiffReader}) and writes ImageJ hyperstacks Fiji opens natively (see
 * {@link TiffWriter}). TIFF stores axes in ImageJ's order t, z, c, y, x.
 */
public final class TiffFormat implements ImageFormat {

    @Override
    public String name() { return "TIFF"; }

    @Override
    public Set<String> extensions() { return Set.of("tif", "tiff"); }

    /**
     * Reads the file's first image series; axes in the file's order (ImageJ: present ones of {@code tzcyx}; OME:
     * its DimensionOrder reversed; plain pages: {@code zyx}; RGB samples: {@code c}).
     */
    @Override
    public Image read(DataPath path) throws IOException {
        if (path.hasInternalPath()) {
            throw new ImageFileException(path.file(), "a TIFF file has no internal path (got '" + path.internalPath() + "')");
        }
        return TiffReader.read(path.file());
    }

    /**
     * Writes an ImageJ hyperstack for uint8, uint16 and float32 (other types as a plain multi-page TIFF with a
     * tifffile shape description); Deflate when {@code options.compress()}. {@code options.axes()} must list the
     * non-singleton axes in ImageJ's relative order t, z, c, y, x, else an {@link ImageFileException} says so.
     */
    @Override
    public void write(Image image, DataPath path, WriteOptions options) throws IOException {
        if (path.hasInternalPath()) {
            throw new ImageFileException(path.file(), "a TIFF file has no internal path (got '" + path.internalPath() + "')");
        }
        TiffWriter.write(image, path.file(), options.axes(), options.compress());
    }
}
