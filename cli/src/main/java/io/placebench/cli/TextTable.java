package io.placebench.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain-text table: columns as wide as their widest cell, some right-aligned (numbers). */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final Set<Integer> right = new HashSet<>();
    private final int columns;

    TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    /** Right-aligns these columns (0-based). */
    TextTable right(int... cols) {
        for (int c : cols) {
            right.add(c);
        }
        return this;
    }

    TextTable add(Object... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            row[i] = cell == null ? "-" : cell.toString();
        }
        rows.add(row);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    String render(String indent) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(right.contains(i) ? pad + cell : cell + (i == columns - 1 ? "" : pad));
                if (i < columns - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
