package org.sylva.pixel;

import java.util.ArrayList;
import java.util.List;

/**
 * A label class of a classifier: its name and display colour. Class k (1-based) is label value k in label images
 * and probability channel k−1 in the outputs, as in ilastik.
 *
 * @param name the class name shown to users and written in tables
 * @param rgb display colour 0xRRGGBB
 */
public record LabelClass(String name, int rgb) {

    /** ilastik's default label colours, in order (red, green, blue, yellow, …). */
    private static final int[] DEFAULT_COLOURS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
        0xFF8000, 0x8000FF, 0x00FF80, 0x808080, 0xFF0080, 0x80FF00};

    public LabelClass {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a class needs a name");
        if (rgb < 0 || rgb > 0xFFFFFF) throw new IllegalArgumentException("colour must be 0xRRGGBB: " + rgb);
    }

    /** Classes named as given, with ilastik's default colours. */
    public static List<LabelClass> named(List<String> names) {
        List<LabelClass> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(new LabelClass(names.get(i).trim(), defaultColour(i)));
        return out;
    }

    /** {@code n} classes named "Label 1" … "Label n" (ilastik's names for unnamed labels). */
    public static List<LabelClass> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) names.add("Label " + i);
        return named(names);
    }

    /** ilastik's default colour of class index {@code i} (0-based). */
    public static int defaultColour(int i) {
        return DEFAULT_COLOURS[i % DEFAULT_COLOURS.length];
    }
}
