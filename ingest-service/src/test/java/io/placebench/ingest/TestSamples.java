package io.placebench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The sample manifests and result files of src/test/resources/samples, and images named as they expect. */
public final class TestSamples {

    public static final String[] DATASET1_IDS = {"5f0c1e2a-0001-4c1b-9a00-00000000a001",
        "5f0c1e2a-0002-4c1b-9a00-00000000a002", "5f0c1e2a-0003-4c1b-9a00-00000000a003"};
    public static final String[] DATASET2_IDS = {"2_0x8800aa_0x01", "5_0x8800bb_0x02"};
    public static final String[] DATASET3_IDS = {"QWERTYUIOPASDFGHJKLZXCVBNMQWER", "ZXCVBNMASDFGHJKLQWERTYUIOPZXCV",
        "MNBVCXZLKJHGFDSAPOIUYTREWQMNBV"};

    private TestSamples() {
    }

    /** Copies sample {@code name} to {@code target} (a file path). */
    public static Path copy(String name, Path target) {
        try (InputStream in = TestSamples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The IMAGEO-Bench dataset 1 folder: the info CSV and its images the three ways a folder may hold them —
     * at {@code img_path}, at the top named by id (other extension), in a sub-folder as PNG.
     */
    public static Path imageoDataset1(Path folder) {
        copy("dataset1_info.csv", folder.resolve("dataset1_info.csv"));
        TestImages.write(folder.resolve("img/1/" + DATASET1_IDS[0] + ".jpeg"), "jpg", 0x102030);
        TestImages.write(folder.resolve(DATASET1_IDS[1] + ".jpg"), "jpg", 0x203040);
        TestImages.write(folder.resolve("more/" + DATASET1_IDS[2] + ".png"), "png", 0x304050);
        return folder;
    }

    public static Path imageoDataset2(Path folder) {
        copy("dataset2_info.csv", folder.resolve("dataset2_info.csv"));
        TestImages.write(folder.resolve(DATASET2_IDS[0] + ".jpg"), "jpg", 0x405060);
        TestImages.write(folder.resolve(DATASET2_IDS[1] + ".JPG"), "jpg", 0x506070);
        return folder;
    }

    public static Path imageoDataset3(Path folder) {
        copy("dataset3_info.csv", folder.resolve("dataset3_info.csv"));
        for (int i = 0; i < DATASET3_IDS.length; i++) {
            TestImages.write(folder.resolve(DATASET3_IDS[i] + ".jpg"), "jpg", 0x607080 + i);
        }
        return folder;
    }

    /** im2gps3k rows name their files; the MP16-style row's path does not exist and is found by name. */
    public static Path im2gps(Path folder) {
        copy("im2gps3k_places365.csv", folder.resolve("im2gps3k_places365.csv"));
        TestImages.write(folder.resolve("1000_2000_abcdef.jpg"), "jpg", 0x708090);
        TestImages.write(folder.resolve("3000_4000_fedcba.jpg"), "jpg", 0x8090A0);
        TestImages.write(folder.resolve("mp16/3964076529.jpg"), "jpg", 0x90A0B0);
        return folder;
    }

    public static Path osv5m(Path folder) {
        copy("osv5m_test.csv", folder.resolve("test.csv"));
        TestImages.write(folder.resolve("images/test/00/3001001.jpg"), "jpg", 0xA0B0C0);
        TestImages.write(folder.resolve("images/test/01/3001002.jpg"), "jpg", 0xB0C0D0);
        return folder;
    }

    public static Path photosJsonl(Path folder) {
        copy("photos.jsonl", folder.resolve("photos.jsonl"));
        TestImages.write(folder.resolve("shots/p-001.jpg"), "jpg", 0xC0D0E0);
        TestImages.write(folder.resolve("shots/p-002.png"), "png", 0xD0E0F0);
        TestImages.write(folder.resolve("shots/p-003.jpg"), "jpg", 0xE0F000);
        return folder;
    }
}
