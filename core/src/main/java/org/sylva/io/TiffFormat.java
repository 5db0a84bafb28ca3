package org.sylva.io;

import java.io.IOException;
import java.util.Set;
import org.sylva.image.Image;

/** TIFF (placeholder until the TIFF reader and writer land). */
public final class TiffFormat implements ImageFormat {
    @Override public String name() { return "TIFF"; }
    @Override public Set<String> extensions() { return Set.of("tif", "tiff"); }
    @Override public Image read(DataPath path) throws IOException {
        throw new ImageFileException(path.file(), "TIFF reading is not implemented yet");
    }
    @Override public void write(Image image, DataPath path, WriteOptions options) throws IOException {
        throw new ImageFileException(path.file(), "TIFF writing is not implemented yet");
    }
}
