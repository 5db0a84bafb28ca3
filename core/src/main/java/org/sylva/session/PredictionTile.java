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
 * @param preview true if only every {@code previewStride}-th pixel was predicted and copied to its neighbours
 */
public record PredictionTile(TileId id, long generation, int height, int width, int classes, float[] probabilities,
                             byte[] segmentation, float[] uncertainty, boolean preview) {

    long bytes() { return 4L * probabilities.length + segmentation.length + 4L * uncertainty.length + 64; }
}
