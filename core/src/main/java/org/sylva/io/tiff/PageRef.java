package org.sylva.io.tiff;

/**
 * One page of pixel data: an IFD, plus a byte shift applied to its strip offsets. The shift is 0 for ordinary
 * pages; ImageJ's "virtual" pages (stacks over 4 GB written as one IFD followed by contiguous planes) reuse the
 * first IFD with a shift of {@code k · planeBytes}.
 *
 * @param ifd the directory describing the layout
 * @param shift bytes added to every strip offset
 * @param number the page number for messages (0-based)
 */
record PageRef(Ifd ifd, long shift, int number) {
}
