package io.placebench.scoring.domain.geo;

import java.util.BitSet;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A raster in front of the polygon index: the globe in cells of {@code 1/CELLS_PER_DEGREE} degree (0.025 deg,
 * about 2.8 km), grouped in 1-degree tiles. A cell that no polygon boundary touches lies wholly inside one unit
 * (or outside all), so its answer is stored and a lookup there costs an array read; only cells a boundary
 * crosses go on to the JTS locators.
 *
 * <p>Built in a second or two: every boundary segment marks the cells it touches (conservatively, by the
 * bounding boxes of sub-steps no longer than a cell); along each row of cells, a run of unmarked cells shares
 * one answer, so one point-in-polygon test per run classifies it. Tiles whose cells all agree keep one value; the others keep
 * a byte per cell indexing a small palette of values (about 16,000 such tiles, 26 MB).
 */
final class AreaGrid {

    static final int CELLS_PER_DEGREE = 40;
    static final short BOUNDARY = -1;
    /** Outside every polygon, but a boundary may lie within the coastal distance. */
    static final short OUTSIDE = 0;
    /** Outside every polygon and farther than the coastal distance from any boundary. */
    static final short FAR = -2;
    private static final int COLS = 360 * CELLS_PER_DEGREE;
    private static final int ROWS = 180 * CELLS_PER_DEGREE;
    private static final double CELL = 1.0 / CELLS_PER_DEGREE;

    /** Per 1-degree tile: a uniform value, or (when {@link #tileCells} is set) a palette of the values. */
    private final short[] tileValue = new short[360 * 180];
    private final short[][] tilePalette = new short[360 * 180][];
    /** Per mixed tile: an index into its palette for each cell. */
    private final byte[][] tileCells = new byte[360 * 180][];
    /** Per tile with more than 256 distinct values (none with today's data): the values themselves. */
    private final short[][] tileWide = new short[360 * 180][];

    /**
     * @param units the units whose polygons are rasterised
     * @param unitAt the exact answer for a point (lat, lon): unit index, or -1 outside every polygon
     */
    AreaGrid(List<Unit> units, DoubleBinaryOperator unitAt, double coastalKm) {
        BitSet boundary = new BitSet(COLS * ROWS);
        for (Unit unit : units) {
            Geometry g = unit.geometry();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) g.getGeometryN(i);
                mark(boundary, polygon.getExteriorRing().getCoordinateSequence());
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    mark(boundary, polygon.getInteriorRingN(h).getCoordinateSequence());
                }
            }
        }
        BitSet near = dilate(boundary, coastalKm);
        IntStream.range(0, 180).parallel().forEach(ty -> buildTileRow(ty, boundary, near, unitAt));
    }

    /** Cells within {@code km} of a boundary cell (generously: whole cells, plus one cell of margin). */
    private static BitSet dilate(BitSet boundary, double km) {
        BitSet near = new BitSet(COLS * ROWS);
        int dr = (int) Math.ceil(km / (6371.0 * Math.PI / 180.0 * CELL)) + 1;
        for (int cell = boundary.nextSetBit(0); cell >= 0; cell = boundary.nextSetBit(cell + 1)) {
            int iy = cell / COLS;
            int ix = cell % COLS;
            for (int r = Math.max(0, iy - dr); r <= Math.min(ROWS - 1, iy + dr); r++) {
                double edgeLat = Math.max(Math.abs(-90 + r * CELL), Math.abs(-90 + (r + 1) * CELL));
                double cos = Math.cos(Math.toRadians(Math.min(90, edgeLat + dr * CELL)));
                int dc = cos < 1e-3 ? COLS : (int) Math.ceil(dr / cos) + 1;
                if (2 * dc + 1 >= COLS) {
                    near.set(r * COLS, (r + 1) * COLS);
                    continue;
                }
                int from = ix - dc;
                int to = ix + dc;
                near.set(r * COLS + Math.max(0, from), r * COLS + Math.min(COLS - 1, to) + 1);
                if (from < 0) {
                    near.set(r * COLS + COLS + from, (r + 1) * COLS);
                }
                if (to >= COLS) {
                    near.set(r * COLS, r * COLS + (to - COLS) + 1);
                }
            }
        }
        return near;
    }

    private void buildTileRow(int ty, BitSet boundary, BitSet near, DoubleBinaryOperator unitAt) {
        short[] rows = new short[CELLS_PER_DEGREE * COLS];
        for (int r = 0; r < CELLS_PER_DEGREE; r++) {
            int iy = ty * CELLS_PER_DEGREE + r;
            double lat = -90 + (iy + 0.5) * CELL;
            int ix = 0;
            while (ix < COLS) {
                if (boundary.get(iy * COLS + ix)) {
                    rows[r * COLS + ix] = BOUNDARY;
                    ix++;
                    continue;
                }
                int end = ix;
                while (end < COLS && !boundary.get(iy * COLS + end)) {
                    end++;
                }
                double lon = -180 + (ix + 0.5) * CELL;
                short value = (short) ((int) unitAt.applyAsDouble(lat, lon) + 1);
                for (int k = ix; k < end; k++) {
                    rows[r * COLS + k] = value == OUTSIDE && !near.get(iy * COLS + k) ? FAR : value;
                }
                ix = end;
            }
        }
        for (int tx = 0; tx < 360; tx++) {
            short[] cells = new short[CELLS_PER_DEGREE * CELLS_PER_DEGREE];
            boolean uniform = true;
            for (int r = 0; r < CELLS_PER_DEGREE; r++) {
                System.arraycopy(rows, r * COLS + tx * CELLS_PER_DEGREE, cells, r * CELLS_PER_DEGREE,
                        CELLS_PER_DEGREE);
            }
            for (short c : cells) {
                uniform &= c == cells[0];
            }
            int tile = ty * 360 + tx;
            if (uniform) {
                tileValue[tile] = cells[0];
                continue;
            }
            short[] distinct = sortedDistinct(cells);
            if (distinct.length > 256) {
                tileWide[tile] = cells;
                continue;
            }
            byte[] index = new byte[cells.length];
            for (int k = 0; k < cells.length; k++) {
                index[k] = (byte) java.util.Arrays.binarySearch(distinct, cells[k]);
            }
            tilePalette[tile] = distinct;
            tileCells[tile] = index;
        }
    }

    private static short[] sortedDistinct(short[] cells) {
        short[] copy = cells.clone();
        java.util.Arrays.sort(copy);
        int n = 0;
        for (int k = 0; k < copy.length; k++) {
            if (k == 0 || copy[k] != copy[k - 1]) {
                copy[n++] = copy[k];
            }
        }
        return java.util.Arrays.copyOf(copy, n);
    }

    /** Marks every cell a ring's segments touch. */
    private static void mark(BitSet boundary, CoordinateSequence ring) {
        for (int i = 1; i < ring.size(); i++) {
            double x0 = ring.getX(i - 1);
            double y0 = ring.getY(i - 1);
            double x1 = ring.getX(i);
            double y1 = ring.getY(i);
            int steps = (int) Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / CELL) + 1;
            double px = x0;
            double py = y0;
            for (int s = 1; s <= steps; s++) {
                double qx = s == steps ? x1 : x0 + (x1 - x0) * s / steps;
                double qy = s == steps ? y1 : y0 + (y1 - y0) * s / steps;
                int c0 = col(Math.min(px, qx));
                int c1 = col(Math.max(px, qx));
                int r0 = row(Math.min(py, qy));
                int r1 = row(Math.max(py, qy));
                for (int r = r0; r <= r1; r++) {
                    boundary.set(r * COLS + c0, r * COLS + c1 + 1);
                }
                px = qx;
                py = qy;
            }
        }
    }

    private static int col(double lon) {
        return Math.max(0, Math.min(COLS - 1, (int) Math.floor((lon + 180) * CELLS_PER_DEGREE)));
    }

    private static int row(double lat) {
        return Math.max(0, Math.min(ROWS - 1, (int) Math.floor((lat + 90) * CELLS_PER_DEGREE)));
    }

    /**
     * Unit index + 1 for a point in a resolved cell; {@link #OUTSIDE} or {@link #FAR} outside every polygon; or
     * {@link #BOUNDARY} (ask the polygons).
     */
    short at(double lat, double lon) {
        if (lon >= 180 || lat >= 90) {
            return BOUNDARY;
        }
        int ix = col(lon);
        int iy = row(lat);
        int tile = (iy / CELLS_PER_DEGREE) * 360 + ix / CELLS_PER_DEGREE;
        byte[] cells = tileCells[tile];
        int k = (iy % CELLS_PER_DEGREE) * CELLS_PER_DEGREE + ix % CELLS_PER_DEGREE;
        if (cells != null) {
            return tilePalette[tile][cells[k] & 0xFF];
        }
        short[] wide = tileWide[tile];
        return wide != null ? wide[k] : tileValue[tile];
    }
}
