package io.placebench.inference.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Takes turns among the runs waiting on one model: {@link #order} lists every member once, starting after the one
 * served last, so each run gets one call per round however many requests it queued, and a run that joins gets its
 * turn within one round. Not thread-safe: each dispatcher lane owns one.
 */
public final class RoundRobin<K> {

    private final LinkedHashSet<K> members = new LinkedHashSet<>();
    private K last;

    /** Adds a member (at the end of the round) unless it is in already. */
    public void add(K key) {
        members.add(key);
    }

    /** Removes a member that has nothing left to do. */
    public void remove(K key) {
        if (key.equals(last)) {
            K before = null;
            for (K k : members) {
                if (k.equals(key)) {
                    break;
                }
                before = k;
            }
            last = before; // the round goes on with the member after the removed one
        }
        members.remove(key);
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public int size() {
        return members.size();
    }

    /** Every member once, beginning with the one after the member served last. */
    public List<K> order() {
        List<K> all = new ArrayList<>(members);
        int i = last == null ? -1 : all.indexOf(last);
        if (i < 0) {
            return all;
        }
        List<K> rotated = new ArrayList<>(all.size());
        rotated.addAll(all.subList(i + 1, all.size()));
        rotated.addAll(all.subList(0, i + 1));
        return rotated;
    }

    /** Records that {@code key} was served; the next round starts after it. */
    public void served(K key) {
        last = key;
    }
}
