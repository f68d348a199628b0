package io.placebench.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Paints the decorative scene above the code strip: a sky, a ground, hills and a few buildings or trees whose
 * colours follow the climate zone of the latitude. Decoration only: the location is in the strip.
 */
public final class ScenePainter {

    /** Climate zones by absolute latitude, with their palette. */
    enum Zone {
        TROPICAL(new Color(80, 160, 235), new Color(190, 225, 250), new Color(55, 150, 65), new Color(30, 110, 45)),
        ARID(new Color(120, 180, 235), new Color(225, 235, 245), new Color(220, 190, 130), new Color(185, 140, 85)),
        TEMPERATE(new Color(100, 150, 210), new Color(200, 215, 235), new Color(100, 145, 80), new Color(60, 105, 55)),
        BOREAL(new Color(130, 150, 175), new Color(205, 210, 220), new Color(65, 100, 75), new Color(30, 65, 45)),
        POLAR(new Color(175, 195, 220), new Color(235, 240, 248), new Color(238, 242, 248), new Color(190, 205, 225));

        final Color skyTop;
        final Color skyHorizon;
        final Color ground;
        final Color accent;

        Zone(Color skyTop, Color skyHorizon, Color ground, Color accent) {
            this.skyTop = skyTop;
            this.skyHorizon = skyHorizon;
            this.ground = ground;
            this.accent = accent;
        }

        static Zone of(double latitude) {
            double a = Math.abs(latitude);
            if (a < 23.5) {
                return TROPICAL;
            } else if (a < 35) {
                return ARID;
            } else if (a < 55) {
                return TEMPERATE;
            } else if (a < 66.5) {
                return BOREAL;
            }
            return POLAR;
        }
    }

    private ScenePainter() {
    }

    /** Paints rows {@code [0, height)} of {@code image}; {@code seed} varies the shapes. */
    public static void paint(BufferedImage image, int height, double latitude, long seed) {
        Zone zone = Zone.of(latitude);
        Random r = new Random(seed);
        int w = image.getWidth();
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setClip(0, 0, w, height);
            int horizon = (int) (height * (0.48 + 0.14 * r.nextDouble()));

            g.setPaint(new GradientPaint(0, 0, jitter(zone.skyTop, r, 12), 0, horizon, zone.skyHorizon));
            g.fillRect(0, 0, w, horizon);

            // sun (or a pale disc in polar skies)
            int sun = 30 + r.nextInt(30);
            g.setColor(zone == Zone.POLAR ? new Color(255, 250, 235) : new Color(255, 220, 90));
            g.fillOval(r.nextInt(w - sun), 10 + r.nextInt(Math.max(1, horizon / 3)), sun, sun);

            // distant hills
            Polygon hills = new Polygon();
            hills.addPoint(0, horizon);
            int step = 32 + r.nextInt(32);
            for (int x = 0; x <= w + step; x += step) {
                hills.addPoint(x, horizon - 10 - r.nextInt(Math.max(10, horizon / 3)));
            }
            hills.addPoint(w, horizon);
            g.setColor(blend(zone.accent, zone.skyHorizon, 0.45));
            g.fillPolygon(hills);

            g.setPaint(new GradientPaint(0, horizon, zone.ground, 0, height, jitter(zone.ground.darker(), r, 10)));
            g.fillRect(0, horizon, w, height - horizon);

            int shapes = 3 + r.nextInt(5);
            for (int i = 0; i < shapes; i++) {
                int x = r.nextInt(w);
                int base = horizon + r.nextInt(Math.max(1, (height - horizon) / 2));
                int size = 20 + r.nextInt(50);
                switch (zone) {
                    case TROPICAL -> palm(g, x, base, size, zone, r);
                    case ARID -> building(g, x, base, size, new Color(205, 170, 120), r);
                    case TEMPERATE -> {
                        if (r.nextBoolean()) {
                            building(g, x, base, size, new Color(150, 150, 160), r);
                        } else {
                            roundTree(g, x, base, size, zone, r);
                        }
                    }
                    case BOREAL -> conifer(g, x, base, size, zone.accent);
                    case POLAR -> iceBlock(g, x, base, size, r);
                }
            }
        } finally {
            g.dispose();
        }
    }

    private static void building(Graphics2D g, int x, int base, int size, Color color, Random r) {
        int width = size;
        int height = size + r.nextInt(size + 1);
        g.setColor(jitter(color, r, 25));
        g.fillRect(x, base - height, width, height);
        g.setColor(new Color(60, 70, 90));
        for (int wy = base - height + 6; wy < base - 8; wy += 12) {
            for (int wx = x + 5; wx < x + width - 6; wx += 11) {
                g.fillRect(wx, wy, 5, 6);
            }
        }
    }

    private static void roundTree(Graphics2D g, int x, int base, int size, Zone zone, Random r) {
        g.setColor(new Color(100, 70, 40));
        g.fillRect(x + size / 2 - 3, base - size, 6, size);
        g.setColor(jitter(zone.accent, r, 20));
        g.fillOval(x, base - size - size / 2, size, size);
    }

    private static void palm(Graphics2D g, int x, int base, int size, Zone zone, Random r) {
        g.setColor(new Color(120, 90, 50));
        g.setStroke(new BasicStroke(5));
        int top = base - size - size / 2;
        g.drawLine(x, base, x + size / 5, top);
        g.setColor(jitter(zone.accent, r, 20));
        g.setStroke(new BasicStroke(4));
        for (int k = 0; k < 5; k++) {
            double a = Math.PI * (0.1 + 0.2 * k);
            g.drawLine(x + size / 5, top, x + size / 5 + (int) (Math.cos(a) * size * 0.6),
                    top + (int) (-Math.sin(a) * size * 0.2) + size / 4);
        }
    }

    private static void conifer(Graphics2D g, int x, int base, int size, Color color) {
        Polygon tree = new Polygon(new int[] {x, x + size / 2, x + size}, new int[] {base, base - 2 * size, base}, 3);
        g.setColor(color);
        g.fillPolygon(tree);
    }

    private static void iceBlock(Graphics2D g, int x, int base, int size, Random r) {
        g.setColor(jitter(new Color(215, 230, 245), r, 10));
        g.fillRoundRect(x, base - size / 2, size + r.nextInt(size), size / 2, 10, 10);
    }

    private static Color jitter(Color c, Random r, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getBlue() + r.nextInt(2 * amount + 1) - amount));
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color(clamp((int) (a.getRed() * (1 - t) + b.getRed() * t)),
                clamp((int) (a.getGreen() * (1 - t) + b.getGreen() * t)),
                clamp((int) (a.getBlue() * (1 - t) + b.getBlue() * t)));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
