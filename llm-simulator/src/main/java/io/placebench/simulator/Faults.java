package io.placebench.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Scripted faults (first in, first out, each used once by the first matching request) and random ones. */
final class Faults {

    private final LinkedList<Fault> scripted = new LinkedList<>();
    private final Map<Fault.Kind, Double> rates;

    Faults(Map<Fault.Kind, Double> rates) {
        this.rates = rates;
    }

    synchronized void inject(List<Fault> faults) {
        scripted.addAll(faults);
    }

    synchronized List<Fault> pending() {
        return new ArrayList<>(scripted);
    }

    synchronized int clear() {
        int n = scripted.size();
        scripted.clear();
        return n;
    }

    /** The fault for this request: the first matching scripted one (consumed), else a random draw, else null. */
    Fault next(Api api, String model) {
        synchronized (this) {
            for (Iterator<Fault> it = scripted.iterator(); it.hasNext();) {
                Fault f = it.next();
                if (f.matches(api, model)) {
                    it.remove();
                    return f;
                }
            }
        }
        if (rates.isEmpty()) {
            return null;
        }
        double u = ThreadLocalRandom.current().nextDouble();
        double acc = 0;
        for (Map.Entry<Fault.Kind, Double> e : rates.entrySet()) {
            acc += e.getValue();
            if (u < acc) {
                return Fault.of(e.getKey());
            }
        }
        return null;
    }
}
