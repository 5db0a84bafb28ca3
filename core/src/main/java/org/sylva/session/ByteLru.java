package org.sylva.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** A least-recently-used map bounded by the bytes of its values (thread-safe; at least one entry is kept). */
final class ByteLru<K, V> {

    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private final ToLongFunction<V> size;
    private final long budget;
    private long bytes;

    ByteLru(long budget, ToLongFunction<V> size) {
        this.budget = budget;
        this.size = size;
    }

    synchronized V get(K key) { return map.get(key); }

    synchronized void put(K key, V value) {
        V old = map.put(key, value);
        if (old != null) bytes -= size.applyAsLong(old);
        bytes += size.applyAsLong(value);
        Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
        while (bytes > budget && map.size() > 1 && it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            if (e.getKey().equals(key)) continue;
            bytes -= size.applyAsLong(e.getValue());
            it.remove();
        }
    }

    synchronized void removeIf(Predicate<K> which) {
        Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            if (which.test(e.getKey())) {
                bytes -= size.applyAsLong(e.getValue());
                it.remove();
            }
        }
    }

    synchronized void clear() {
        map.clear();
        bytes = 0;
    }

    synchronized long bytes() { return bytes; }

    synchronized int size() { return map.size(); }
}
