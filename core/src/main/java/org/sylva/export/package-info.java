/**
 * Exporting results as ilastik does (spec {@code ilastik-compat.md} §3.2, §4.3, §6.5): the step after a workflow
 * has computed an export source (probabilities, a segmentation, features …) in memory.
 *
 * <h2>The pipeline, in ilastik's order</h2>
 * <ol>
 *   <li><b>Cutout</b> ({@link org.sylva.export.Cutout}, {@code --cutout_subregion}) in the export source's own axis
 *       order, e.g. {@code yxc}; {@code None} = full range, clipped to the image with a warning.</li>
 *   <li><b>Renormalisation and type conversion</b> ({@link org.sylva.export.Conversion}, {@code --export_dtype},
 *       {@code --pipeline_result_drange}, {@code --export_drange}): numpy's arithmetic and casts bit for bit,
 *       the drange transformed by the same function.</li>
 *   <li><b>Axis order</b> ({@code --output_axis_order}; default: the raw file's original axes plus {@code c}):
 *       missing axes become singletons, dropping an axis of extent &gt; 1 is an error.</li>
 *   <li><b>Write</b> ({@link org.sylva.export.ExportFormat}, {@code --output_format}) to the file(s) named by
 *       {@code --output_filename_format} with {@code {dataset_dir}}, {@code {nickname}} ({@link
 *       org.sylva.export.Nickname}), {@code {result_type}}, {@code {roi}}, {@code {x_start}} … {@code {c_stop}},
 *       {@code {slice_index}} ({@link org.sylva.export.FilenameTemplate}).</li>
 * </ol>
 * {@link org.sylva.export.Exporter#export} runs all four; {@link org.sylva.export.ExportFlags} parses ilastik's
 * flags into {@link org.sylva.export.ExportSettings}; {@link org.sylva.export.ExportContext} says which dataset the
 * result belongs to.
 *
 * <h2>Where Sylva deliberately differs from ilastik</h2>
 * <ul>
 *   <li>A cutout with a different number of entries than the source has axes is an error naming the axes.
 *       ilastik's help text asks for 5-D tczyx tuples while the operator uses the source's order and silently drops
 *       a region of the wrong length (spec §8.3).</li>
 *   <li>Only an extension written in the template itself is replaced by the format's: ilastik strips the
 *       extension after filling the placeholders, which cuts nicknames at a dot ({@code img_1.5um} →
 *       {@code img_1.h5}) and makes batch exports overwrite each other (ilastik issues #2707, #2887).</li>
 *   <li>A sequence template without {@code {slice_index}} gets {@code _{slice_index}} appended (ilastik stops
 *       with an assertion). Slice numbers start at the cutout's start along the slice axis; padding is ilastik's
 *       (the digits of first index + slice count).</li>
 *   <li>Writes are all or nothing: every file, every slice of a sequence, is written to a hidden temporary file
 *       beside its target and renamed into place only when all are complete. An HDF5 target becomes a new file
 *       holding the one dataset; an existing file holding other datasets is not replaced (ilastik would add the
 *       dataset to it).</li>
 *   <li>{@code tif}/{@code tiff} hold any dimensionality (an ImageJ hyperstack, as {@code multipage tiff});
 *       TIFF axes are always stored in ImageJ's t, z, c, y, x order. Not written: n5, OME-Zarr, dvid,
 *       blockwise hdf5, and the 2-D formats bmp, gif, hdr, pnm family, ras.</li>
 *   <li>numpy: an integer InputMin outside the pixel type (e.g. 300 for uint8 data) widens the subtraction as
 *       numpy 1 does (numpy 2 raises); the rounding before integer casts is that of ilastik PR #3040 (2025),
 *       older ilastik releases truncated.</li>
 * </ul>
 */
package org.sylva.export;
