package org.sylva.export;

import java.nio.file.Path;
import java.util.List;
import org.sylva.image.Image;

/**
 * An export worked out but not yet written ({@link Exporter#prepare}): the image exactly as it will be stored and
 * the files it will go to. The web app shows it as a preview; {@link Exporter#write} writes it.
 *
 * @param image the data to write: cut out, renormalised, converted, with its axes in the output order
 *              ({@link Image#axes()}, axes of extent 1 included)
 * @param region the cutout, in the export source's axes, clipped to the image
 * @param format the file format
 * @param files the absolute paths to write: one, or one per slice for a sequence (in slice order)
 * @param internalPath the HDF5 dataset inside the file (empty for other formats)
 * @param sliceAxis the axis a sequence steps along (the first axis of extent &gt; 1 in the output order), or 0
 * @param warnings what the user should know (a cutout clipped to the image, an ignored range), already logged
 */
public record PreparedExport(Image image, Region region, ExportFormat format, List<Path> files, String internalPath,
                             char sliceAxis, List<String> warnings) {

    public PreparedExport {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** The single output file, or the first slice of a sequence. */
    public Path file() { return files.get(0); }
}
