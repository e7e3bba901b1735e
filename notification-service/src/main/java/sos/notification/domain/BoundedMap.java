package sos.notification.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe map that forgets its least recently used entry beyond a fixed capacity. */
final class BoundedMap<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> entries;

    BoundedMap(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedMap.this.capacity;
            }
        };
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized int size() {
        return entries.size();
    }
}
