package org.sylva.io.tiff;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The parts of OME-XML (first ImageDescription of an OME-TIFF) that define the first image: its dimension order,
 * sizes, physical pixel sizes and which IFD holds which plane. OME orders dimensions fastest first
 * ({@code XYCZT}: C varies fastest between planes), the reverse of the C-order axis strings Sylva uses.
 */
final class OmeXml {

    /** One {@code TiffData} element: {@code planeCount} planes from {@code (firstZ, firstC, firstT)} at IFD {@code ifd}. */
    record TiffData(int ifd, int firstZ, int firstC, int firstT, int planeCount, String fileName) {
    }

    String dimensionOrder = "XYZCT";
    int sizeX;
    int sizeY;
    int sizeZ = 1;
    int sizeC = 1;
    int sizeT = 1;
    double physicalX = Double.NaN;
    double physicalY = Double.NaN;
    double physicalZ = Double.NaN;
    String unitX = "\u00b5m";
    String unitY = "\u00b5m";
    String unitZ = "\u00b5m";
    double timeIncrement = Double.NaN;
    String timeUnit = "s";
    final List<TiffData> tiffData = new ArrayList<>();

    static boolean is(String description) {
        if (description == null) return false;
        String head = description.substring(0, Math.min(description.length(), 4096));
        return head.contains("<OME") && description.stripTrailing().endsWith("OME>");
    }

    /** Parses the first Image's Pixels element; returns null if the XML is not usable OME. */
    static OmeXml parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no messages on stderr
            Element root = b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
            Element image = child(root, "Image");
            Element pixels = image == null ? null : child(image, "Pixels");
            if (pixels == null) return null;
            OmeXml o = new OmeXml();
            String order = pixels.getAttribute("DimensionOrder").toUpperCase(Locale.ROOT);
            if (order.length() == 5 && order.startsWith("XY") && order.chars().distinct().count() == 5
                    && order.substring(2).chars().allMatch(ch -> "ZCT".indexOf(ch) >= 0)) {
                o.dimensionOrder = order;
            }
            o.sizeX = intAttr(pixels, "SizeX", 0);
            o.sizeY = intAttr(pixels, "SizeY", 0);
            o.sizeZ = intAttr(pixels, "SizeZ", 1);
            o.sizeC = intAttr(pixels, "SizeC", 1);
            o.sizeT = intAttr(pixels, "SizeT", 1);
            o.physicalX = positive(pixels, "PhysicalSizeX");
            o.physicalY = positive(pixels, "PhysicalSizeY");
            o.physicalZ = positive(pixels, "PhysicalSizeZ");
            o.unitX = textAttr(pixels, "PhysicalSizeXUnit", o.unitX);
            o.unitY = textAttr(pixels, "PhysicalSizeYUnit", o.unitY);
            o.unitZ = textAttr(pixels, "PhysicalSizeZUnit", o.unitZ);
            o.timeIncrement = positive(pixels, "TimeIncrement");
            o.timeUnit = textAttr(pixels, "TimeIncrementUnit", o.timeUnit);
            for (Node n = pixels.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && "TiffData".equals(e.getLocalName())) {
                    Element uuid = child(e, "UUID");
                    String fileName = uuid == null ? "" : uuid.getAttribute("FileName");
                    boolean hasIfd = e.hasAttribute("IFD");
                    int planeCount = intAttr(e, "PlaneCount", hasIfd ? 1 : -1);
                    o.tiffData.add(new TiffData(intAttr(e, "IFD", 0), intAttr(e, "FirstZ", 0), intAttr(e, "FirstC", 0),
                            intAttr(e, "FirstT", 0), planeCount, fileName));
                }
            }
            return o;
        } catch (Exception e) {
            return null;
        }
    }

    /** Size of one of the dimensions Z, C, T. */
    int size(char dim) {
        return switch (dim) {
            case 'Z' -> sizeZ;
            case 'C' -> sizeC;
            case 'T' -> sizeT;
            default -> 1;
        };
    }

    /** Metres per unit for the OME length units used in practice, or NaN. */
    static double metres(String unit) {
        return switch (unit) {
            case "m" -> 1;
            case "dm" -> 1e-1;
            case "cm" -> 1e-2;
            case "mm" -> 1e-3;
            case "\u00b5m", "\u03bcm", "um", "micron" -> 1e-6;
            case "nm" -> 1e-9;
            case "pm" -> 1e-12;
            case "\u00c5" -> 1e-10;
            case "in" -> 0.0254;
            default -> Double.NaN;
        };
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) return e;
        }
        return null;
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = e.getAttribute(name);
        if (v.isEmpty()) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }

    private static double positive(Element e, String name) {
        String v = e.getAttribute(name);
        if (v.isEmpty()) return Double.NaN;
        try {
            double d = Double.parseDouble(v.trim());
            return Double.isFinite(d) && d > 0 ? d : Double.NaN;
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    private static String textAttr(Element e, String name, String fallback) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? fallback : v;
    }
}
