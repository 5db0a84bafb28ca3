package org.sylva.session;

import org.sylva.pixel.PixelClassifier;

/**
 * A classifier trained in a session, with what training measured.
 *
 * @param generation increases with every training of the session; tiles of older generations are stale
 * @param classifier the classifier
 * @param samples labelled pixels trained on
 * @param samplesPerClass labelled pixels per class (index k−1 for class k)
 * @param oobAccuracy the forest's out-of-bag accuracy (NaN if unknown)
 * @param featureSeconds time spent computing features of newly labelled pixels
 * @param trainingSeconds time spent growing the forest
 * @param labelRevision the session's label revision the training saw (every edit up to it is in)
 */
public record Model(long generation, PixelClassifier classifier, int samples, long[] samplesPerClass,
                    double oobAccuracy, double featureSeconds, double trainingSeconds,
                    long labelRevision) {}
