package org.sylva.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Single 2-D images in PNG or JPEG, through {@code javax.imageio}. Grey images read as axes {@code yx}, colour and
 * grey+alpha as {@code yxc} (channels in file order: R, G, B, A or grey, alpha), the same samples vigra (and so
 * ilastik) reads: 8- and 16-bit samples are kept as uint8/uint16, 1/2/4-bit grey is scaled to 0–255 as libpng
 * expands it, and palette images are expanded to RGB (their indices are not kept; transparency is dropped).
 *
 * <p>Writes one 2-D image: PNG uint8 or uint16 with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels;
 * JPEG uint8 grey or RGB at quality 0.95. Anything else is refused with an {@link ImageFileException} that says
 * what to use instead.
 */
public final class RasterFormat implements ImageFormat {

    /** Portable Network Graphics: lossless, 8/16-bit. */
    public static final RasterFormat PNG = new RasterFormat("PNG", "png", Set.of("png"));
    /** JPEG: lossy, 8-bit grey or RGB. */
    public static final RasterFormat JPEG = new RasterFormat("JPEG", "jpeg", Set.of("jpg", "jpeg"));

    private static final float JPEG_QUALITY = 0.95f;

    private final String name;
    private final String imageIoName;
    private final Set<String> extensions;

    private RasterFormat(String name, String imageIoName, Set<String> extensions) {
        this.name = name;
        this.imageIoName = imageIoName;
        this.extensions = extensions;
    }

    @Override public String name() { return name; }

    @Override public Set<String> extensions() { return extensions; }

    @Override
    public Image read(DataPath path) throws IOException {
        Path file = path.file();
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(imageIoName);
        if (!readers.hasNext()) throw new ImageFileException(file, "no " + name + " reader in this Java runtime");
        ImageReader reader = readers.next();
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, false);
            BufferedImage bi;
            String colorType = "";
            int bitDepth = 8;
            try {
                bi = reader.read(0);
                if (this == PNG) {
                    Node ihdr = child(reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0"), "IHDR");
                    if (ihdr != null) {
                        NamedNodeMap at = ihdr.getAttributes();
                        colorType = at.getNamedItem("colorType").getNodeValue();
                        bitDepth = Integer.parseInt(at.getNamedItem("bitDepth").getNodeValue());
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new ImageFileException(file, "not a readable " + name + " file (" + message(e) + ")", e);
            }
            return toImage(bi, colorType, bitDepth, file).withName(NpyFormat.baseName(file));
        } catch (java.io.FileNotFoundException e) {
            throw new ImageFileException(file, "file not found", e);
        } finally {
            reader.dispose();
        }
    }

    private static Image toImage(BufferedImage bi, String colorType, int bitDepth, Path file) throws ImageFileException {
        int w = bi.getWidth();
        int h = bi.getHeight();
        Raster r = bi.getRaster();
        if (bi.getColorModel() instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
            if (colorType.equals("Palette")) {
                Image img = Image.create(DType.UINT8, Axes.of("yxc"), h, w, 3);
                byte[] out = (byte[]) img.plane(0, 0);
                byte[][] lut = new byte[3][icm.getMapSize()];
                icm.getReds(lut[0]);
                icm.getGreens(lut[1]);
                icm.getBlues(lut[2]);
                for (int i = 0; i < idx.length; i++) {
                    for (int c = 0; c < 3; c++) out[3 * i + c] = lut[c][idx[i]];
                }
                return img;
            }
            // Grey of 1, 2 or 4 bits: libpng (vigra) scales to 8 bits, e.g. 1-bit 0/1 -> 0/255.
            int bits = colorType.equals("Grayscale") ? bitDepth : r.getSampleModel().getSampleSize(0);
            int scale = 255 / ((1 << bits) - 1);
            Image img = Image.create(DType.UINT8, Axes.of("yx"), h, w);
            byte[] out = (byte[]) img.plane(0, 0);
            for (int i = 0; i < idx.length; i++) out[i] = (byte) (idx[i] * scale);
            return img;
        }
        if (!(bi.getColorModel() instanceof ComponentColorModel)) {
            // Not produced by the PNG and JPEG readers; keep it working through the RGB(A) conversion.
            boolean alpha = bi.getColorModel().hasAlpha();
            int nc = alpha ? 4 : 3;
            Image img = Image.create(DType.UINT8, Axes.of("yxc"), h, w, nc);
            byte[] out = (byte[]) img.plane(0, 0);
            int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                out[nc * i] = (byte) (p >> 16);
                out[nc * i + 1] = (byte) (p >> 8);
                out[nc * i + 2] = (byte) p;
                if (alpha) out[nc * i + 3] = (byte) (p >>> 24);
            }
            return img;
        }
        int bands = r.getNumBands();
        DType dtype = switch (r.getTransferType()) {
            case DataBuffer.TYPE_BYTE -> DType.UINT8;
            case DataBuffer.TYPE_USHORT -> DType.UINT16;
            default -> throw new ImageFileException(file, "unsupported sample type (transfer type " + r.getTransferType() + ")");
        };
        Image img = bands == 1 ? Image.create(dtype, Axes.of("yx"), h, w) : Image.create(dtype, Axes.of("yxc"), h, w, bands);
        // getDataElements returns the samples pixel-interleaved in band order (R, G, B, A), whatever the memory layout.
        r.getDataElements(0, 0, w, h, img.plane(0, 0));
        return img;
    }

    @Override
    public void write(Image image, DataPath path, WriteOptions options) throws IOException {
        Path file = path.file();
        Shape s = image.shape();
        String ext = this == PNG ? "png" : "jpg";
        if (s.t() > 1 || s.z() > 1) {
            throw new ImageFileException(file, name + " holds a single 2-D image; this image has "
                    + (s.z() > 1 ? "z=" + s.z() : "") + (s.z() > 1 && s.t() > 1 ? " and " : "")
                    + (s.t() > 1 ? "t=" + s.t() : "") + " (use tif, npy or h5, or a '" + ext + " sequence')");
        }
        boolean png = this == PNG;
        if (image.dtype() != DType.UINT8 && !(png && image.dtype() == DType.UINT16)) {
            throw new ImageFileException(file, name + " holds " + (png ? "uint8 or uint16" : "uint8")
                    + " samples; this image is " + image.dtype() + " (convert it, e.g. --export_dtype "
                    + (png ? "uint8 or uint16" : "uint8") + ", or write tif, npy or h5)");
        }
        int c = s.c();
        if (png ? c > 4 : c != 1 && c != 3) {
            throw new ImageFileException(file, name + " holds " + (png ? "1 to 4 channels (grey, grey+alpha, RGB, RGBA)"
                    : "1 (grey) or 3 (RGB) channels") + "; this image has c=" + c + " (write tif, npy or h5)");
        }
        if (options.axes() != null) {
            try {
                new ImageArray(image, options.axes());
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(file, "cannot write " + image + " in axis order '" + options.axes()
                        + "': " + e.getMessage());
            }
        }
        BufferedImage bi = toBuffered(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(imageIoName);
        if (!writers.hasNext()) throw new ImageFileException(file, "no " + name + " writer in this Java runtime");
        ImageWriter writer = writers.next();
        try (FileImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!png) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(bi, null, (IIOMetadata) null), param);
        } catch (java.io.FileNotFoundException e) {
            throw new ImageFileException(file, "cannot create the file (" + e.getMessage() + ")", e);
        } finally {
            writer.dispose();
        }
    }

    private BufferedImage toBuffered(Image image) {
        Shape s = image.shape();
        int w = s.x();
        int h = s.y();
        int c = s.c();
        BufferedImage bi;
        if (this == JPEG) {
            // The JPEG writer understands the standard types: grey, and BGR bytes (whose bands are still R, G, B).
            bi = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        } else {
            ColorSpace cs = ColorSpace.getInstance(c <= 2 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
            boolean alpha = c == 2 || c == 4;
            int type = image.dtype() == DType.UINT8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT;
            ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
            WritableRaster wr = cm.createCompatibleWritableRaster(w, h);
            bi = new BufferedImage(cm, wr, false, null);
        }
        bi.getRaster().setDataElements(0, 0, w, h, image.plane(0, 0));
        return bi;
    }

    private static Node child(Node n, String name) {
        for (Node k = n.getFirstChild(); k != null; k = k.getNextSibling()) {
            if (k.getNodeName().equals(name)) return k;
        }
        return null;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
