package io.placebench.cli.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes a demo dataset folder: {@code images/<id>.jpg} (512x384 JPEG with a code strip) and {@code manifest.csv}. */
public final class DemoDataset {

    public static final int WIDTH = 512;
    public static final int HEIGHT = 384;
    public static final String MANIFEST = "manifest.csv";
    public static final float JPEG_QUALITY = 0.9f;

    private DemoDataset() {
    }

    /** Samples {@code count} locations (seeded) and writes their images and the manifest into {@code folder}. */
    public static List<DemoImage> generate(Path folder, int count, long seed) throws IOException {
        List<DemoImage> images = DatasetGenerator.sample(DemoCities.load(), count, seed);
        write(folder, images, seed);
        return images;
    }

    public static void write(Path folder, List<DemoImage> images, long seed) throws IOException {
        Files.createDirectories(folder.resolve("images"));
        for (int i = 0; i < images.size(); i++) {
            DemoImage image = images.get(i);
            BufferedImage pixels = render(image.latitude(), image.longitude(), seed * 1_000_003L + i);
            try (OutputStream out = Files.newOutputStream(folder.resolve(image.file()))) {
                writeJpeg(pixels, JPEG_QUALITY, out);
            }
        }
        try (Writer out = Files.newBufferedWriter(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            ManifestWriter.write(images, out);
        }
    }

    /** A 512x384 demo picture: the scene above, the location code strip in the bottom sixth. */
    public static BufferedImage render(double latitude, double longitude, long sceneSeed) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        ScenePainter.paint(image, CodeStripWriter.stripTop(HEIGHT), latitude, sceneSeed);
        CodeStripWriter.draw(image, latitude, longitude);
        return image;
    }

    public static void writeJpeg(BufferedImage image, float quality, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
