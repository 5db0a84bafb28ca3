package org.sylva.project.ilp;

import java.nio.file.Path;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * Assembles a lane's label image from its stored blocks the way ilastik loads them
 * ({@code OpCompressedUserLabelArray.setInSlot}): each block's axes are mapped to the lane order (an axis the block
 * lacks is a single index 0; an axis the lane lacks must be a single index 0), then the block is written at its
 * {@code blockSlice}. In a written block 0 means "leave as is" and the eraser value {@value #ERASER} means "clear";
 * every other value sets the label.
 */
public final class LabelVolume {

    /** Pixel Classification's eraser label value; ilastik never stores it, but clears pixels if it is written. */
    public static final int ERASER = 100;

    private LabelVolume() {}

    /**
     * The labels of one lane: uint8, one channel, axes {@code laneAxes}, extents {@code laneShape} with c = 1.
     *
     * @param file the project, named in errors
     * @param lane the lane index, named in errors
     * @throws IlpException if a block does not fit the lane or holds a value above 255
     */
    public static Image assemble(List<LabelBlock> blocks, Axes laneAxes, Shape laneShape, Path file, int lane)
            throws IlpException {
        Shape shape = laneShape.with('c', 1);
        Image image = Image.create(DType.UINT8, shape, laneAxes);
        for (LabelBlock b : blocks) paint(image, b, laneAxes, file, lane);
        return image;
    }

    private static void paint(Image image, LabelBlock b, Axes laneAxes, Path file, int lane) throws IlpException {
        Shape shape = image.shape();
        Axes axes = b.axes();
        long[] start = b.start();
        long[] stop = b.stop();
        int[] dims = b.dims();
        String where = "lane " + lane + ", label block " + b.name() + " " + b.blockSlice() + " (axes " + axes + ")";
        int rank = axes.size();
        int[] canon = new int[rank];
        int[] origin = new int[5];
        for (int i = 0; i < rank; i++) {
            char a = axes.get(i);
            canon[i] = Axes.CANONICAL.indexOf(a);
            if (stop[i] - start[i] != dims[i]) {
                throw new IlpException(file, where + ": the slice along " + a + " spans " + (stop[i] - start[i])
                        + " but the block holds " + dims[i]);
            }
            long extent = laneAxes.has(a) ? shape.get(a) : 1;
            if (start[i] < 0 || stop[i] > extent) {
                throw new IlpException(file, where + " lies outside the lane (axes " + laneAxes + ", shape "
                        + shapeText(laneAxes, shape) + "): " + a + " " + start[i] + ":" + stop[i] + " but the lane has "
                        + extent);
            }
            origin[canon[i]] = (int) start[i];
        }
        int[] values = b.values();
        int[] idx = new int[rank];
        int[] pos = new int[5];
        for (int k = 0; k < values.length; k++) {
            int v = values[k];
            if (v != 0) {
                if (v < 0 || v > 255) {
                    throw new IlpException(file, where + " holds the label value " + v + "; labels are 1 to 255");
                }
                System.arraycopy(origin, 0, pos, 0, 5);
                for (int i = 0; i < rank; i++) pos[canon[i]] += idx[i];
                byte[] plane = (byte[]) image.plane(pos[0], pos[1]); // canonical t, z, y, x, c
                plane[image.offset(pos[2], pos[3], 0)] = (byte) (v == ERASER ? 0 : v);
            }
            for (int i = rank - 1; i >= 0 && ++idx[i] == dims[i]; i--) idx[i] = 0;
        }
    }

    static String shapeText(Axes axes, Shape shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < axes.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape.get(axes.get(i)));
        }
        return sb.append(')').toString();
    }
}
