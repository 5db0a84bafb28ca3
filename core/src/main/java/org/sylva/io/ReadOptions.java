package org.sylva.io;

/**
 * How to read an image file, a glob or a list of files.
 *
 * @param axes the user's axis letters for the data (ilastik's {@code --input_axes}, e.g. {@code "tyx"}), one
 *             letter per dimension of the data as read, replacing the file's own or guessed axes (the samples are
 *             not moved, only named anew); null keeps the file's axes. Kept as text, not {@link
 *             org.sylva.image.Axes}, so that a wrong count or a repeated letter is reported together with the file
 *             and the dimensions it actually has.
 * @param stackAlong the axis along which a sequence of 2-D images is stacked: {@code 'z'} (the default, as
 *                   ilastik's {@code --stack_along}), {@code 't'} or {@code 'c'}
 */
public record ReadOptions(String axes, char stackAlong) {

    /** The file's own axes; sequences stacked along z. */
    public static final ReadOptions DEFAULT = new ReadOptions(null, 'z');

    public ReadOptions {
        if (axes != null && axes.isBlank()) axes = null;
        stackAlong = Character.toLowerCase(stackAlong);
        if ("ztc".indexOf(stackAlong) < 0) {
            throw new IllegalArgumentException("cannot stack along '" + stackAlong + "' (use z, t or c)");
        }
    }

    /** These options with the data's axes named {@code letters}. */
    public static ReadOptions withAxes(String letters) { return new ReadOptions(letters, 'z'); }

    /** These options stacking sequences along {@code axis} (z, t or c). */
    public ReadOptions stackedAlong(char axis) { return new ReadOptions(axes, axis); }
}
