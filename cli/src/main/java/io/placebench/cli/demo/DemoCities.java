package io.placebench.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The bundled list of real cities on every continent ({@code demo-cities.csv}). */
public final class DemoCities {

    public static final String RESOURCE = "/demo-cities.csv";

    private DemoCities() {
    }

    public static List<DemoCity> load() {
        try (InputStream in = DemoCities.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the cli jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code name,admin1,country,continent,latitude,longitude} rows (no quoting; values hold no commas). */
    static List<DemoCity> parse(BufferedReader reader) throws IOException {
        List<DemoCity> cities = new ArrayList<>();
        String header = reader.readLine();
        if (header == null || !header.equals("name,admin1,country,continent,latitude,longitude")) {
            throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
        }
        String line;
        int row = 1;
        while ((line = reader.readLine()) != null) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IllegalStateException(RESOURCE + " row " + row + ": expected 6 fields, got " + f.length);
            }
            cities.add(new DemoCity(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
        return List.copyOf(cities);
    }
}
