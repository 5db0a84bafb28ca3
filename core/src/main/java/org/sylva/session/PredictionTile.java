package org.sylva.session;

/**
 * The prediction of one display tile by the classifier of one generation: ilastik's Probabilities, Simple
 * Segmentation and Uncertainty, computed as {@code pixel.PixelClassifier}/{@code pixel.PixelOutputs} do.
 *
 * @param id the tile
 * @param generation the classifier's generation
 * @param height tile rows
 * @param width tile columns
 * @param classes K, the number of classes
 * @param probabilities pixel-major, {@code [i·K + k]} for class k+1
 * @param segmentation per pixel 1 + the most probable class index (ties → lower; all zero → 1)
 * @param uncertainty per pixel 1 − (largest − second largest probability); 0 with one class
 * @param stride 1 for the full tile; for a preview, only every stride-th pixel per axis was predicted and copied to
 *               its neighbours (the block of stride × stride pixels it starts)
 */
public record PredictionTile(TileId id, long generation, int height, int width, int classes, float[] probabilities,
                             byte[] segmentation, float[] uncertainty, int stride) {

    /** True if only every {@link #stride()}-th pixel per axis was predicted. */
    public boolean preview() { return stride > 1; }

    long bytes() { return 4L * probabilities.length + segmentation.length + 4L * uncertainty.length + 64; }
}
