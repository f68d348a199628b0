package io.placebench.analytics.domain.export;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes score rows one at a time onto an output stream, keeping nothing but a small buffer: the exports stream
 * runs of any size. {@link #close()} flushes what is buffered and leaves the stream open (its owner closes it).
 */
public interface ScoreRowWriter extends Closeable {

    void write(ScoreExportRow row) throws IOException;
}
