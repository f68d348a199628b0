package io.placebench.cli.demo;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Writes the import manifest: {@code id,file,latitude,longitude,city,admin1,country,continent} (RFC 4180 CSV). */
public final class ManifestWriter {

    public static final String HEADER = "id,file,latitude,longitude,city,admin1,country,continent";

    private ManifestWriter() {
    }

    public static void write(List<DemoImage> images, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\n");
        for (DemoImage image : images) {
            DemoCity c = image.city();
            out.write(String.join(",",
                    csv(image.id()),
                    csv(image.file()),
                    String.format(Locale.ROOT, "%.6f", image.latitude()),
                    String.format(Locale.ROOT, "%.6f", image.longitude()),
                    csv(c.name()),
                    csv(c.admin1()),
                    csv(c.country()),
                    csv(c.continent())));
            out.write("\n");
        }
    }

    /** Quotes a field when it holds a comma, a quote or a line break (quotes doubled). */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
