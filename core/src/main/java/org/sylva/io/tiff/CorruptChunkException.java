package org.sylva.io.tiff;

/**
 * A strip or tile whose compressed bytes cannot be decoded. Raised by the codecs, which know nothing of pages;
 * {@link PageDecoder} turns it into an {@link org.sylva.io.ImageFileException} naming the page and the chunk.
 */
final class CorruptChunkException extends Exception {

    private static final long serialVersionUID = 1L;

    CorruptChunkException(String message) {
        super(message, null, false, false);
    }
}
