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

    /**
     * The default label colours of ilastik 1.4 (yellow, blue, red, cyan, green, …), in order; the first two are the
     * colours stored in the fixture projects saved by ilastik 1.4.
     */
    private static final int[] DEFAULT_COLOURS = {0xFFE119, 0x0082C8, 0xE6194B, 0x46F0F0, 0x3CB44B, 0xFABEBE,
        0xAA6E28, 0x911EB4, 0x000080, 0x808080, 0xFFFAC8, 0xAAFFC3, 0x808000, 0xD2F53C, 0xF032E6, 0xFFD7B4};

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
