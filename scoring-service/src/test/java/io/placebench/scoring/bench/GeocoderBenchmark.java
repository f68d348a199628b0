package io.placebench.scoring.bench;

import io.placebench.scoring.domain.geo.GeoData;
import io.placebench.scoring.domain.geo.GeoLabel;
import io.placebench.scoring.domain.geo.Places;
import io.placebench.scoring.domain.geo.ReverseGeocoder;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reverse lookups per second on one thread, for points near towns (a GeoNames place moved up to ~5 km in a
 * random direction) and for uniformly random points on the globe (mostly sea: the slower coastal search).
 * Run by hand, see docs/benchmarks.md; the fork's heap is capped at 300 MB to show the geocoder fits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms300m", "-Xmx300m"})
@Threads(1)
public class GeocoderBenchmark {

    private static final int N = 1 << 16;

    private ReverseGeocoder geocoder;
    private final double[] nearTownLat = new double[N];
    private final double[] nearTownLon = new double[N];
    private final double[] anywhereLat = new double[N];
    private final double[] anywhereLon = new double[N];
    private int next;

    @Setup(Level.Trial)
    public void load() {
        long t0 = System.nanoTime();
        geocoder = new ReverseGeocoder(GeoData.loadDefault());
        long t1 = System.nanoTime();
        Places places = geocoder.data().places;
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            int p = random.nextInt(places.size);
            double bearing = random.nextDouble(2 * Math.PI);
            double km = random.nextDouble(5.0);
            double lat = places.latitude[p] + km / 111.195 * Math.cos(bearing);
            double lon = places.longitude[p]
                    + km / (111.195 * Math.max(0.05, Math.cos(Math.toRadians(places.latitude[p])))) * Math.sin(bearing);
            nearTownLat[i] = Math.max(-90, Math.min(90, lat));
            nearTownLon[i] = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
            anywhereLat[i] = Math.toDegrees(Math.asin(random.nextDouble(-1, 1)));
            anywhereLon[i] = random.nextDouble(-180, 180);
        }
        for (int round = 0; round < 3; round++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "%n[geocoder] loaded in %.2f s; heap in use after GC: %.1f MB (max %.0f MB)%n",
                (t1 - t0) / 1e9, heap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    @Benchmark
    public GeoLabel nearTowns() {
        int i = next++ & (N - 1);
        return geocoder.lookup(nearTownLat[i], nearTownLon[i]);
    }

    @Benchmark
    public GeoLabel anywhere() {
        int i = next++ & (N - 1);
        return geocoder.lookup(anywhereLat[i], anywhereLon[i]);
    }
}
