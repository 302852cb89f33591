package dev.junction.devconsul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The key/value store, in memory. Deletes leave tombstones so that a listing's index (the
 * highest {@code ModifyIndex} under its prefix, tombstones included) moves when a key
 * goes away, as Consul's does; without that a config watch would miss deletions.
 */
final class KvStore {

	private final AtomicLong raftIndex;

	private final BlockingQueries waiters;

	private final TreeMap<String, Entry> entries = new TreeMap<>();

	private final TreeMap<String, Long> tombstones = new TreeMap<>();

	private long tableIndex;

	KvStore(AtomicLong raftIndex, BlockingQueries waiters) {
		this.raftIndex = raftIndex;
		this.waiters = waiters;
		this.tableIndex = raftIndex.get();
	}

	/** One key: its entry and index, or the table's index when the key is missing. */
	synchronized Result get(String key) {
		Entry entry = this.entries.get(key);
		return (entry != null) ? new Result(entry.modifyIndex(), List.of(entry))
				: new Result(this.tableIndex, List.of());
	}

	/** Every entry under a prefix, with the prefix's index. */
	synchronized Result list(String prefix) {
		List<Entry> found = new ArrayList<>(under(this.entries, prefix).values());
		long index = found.stream().mapToLong(Entry::modifyIndex).max().orElse(0);
		if (prefix.isEmpty()) {
			index = this.tableIndex;
		}
		else {
			for (long deleted : under(this.tombstones, prefix).values()) {
				index = Math.max(index, deleted);
			}
		}
		return new Result((index != 0) ? index : this.tableIndex, found);
	}

	/**
	 * Write a key.
	 * @param key the key
	 * @param value the value, or {@code null}
	 * @param flags opaque client flags
	 * @param cas {@code null} to write unconditionally, 0 to create only, else the
	 * {@code ModifyIndex} the key must still have
	 * @return whether the write happened
	 */
	boolean put(String key, byte[] value, long flags, Long cas) {
		synchronized (this) {
			Entry existing = this.entries.get(key);
			if (cas != null && ((cas == 0) ? existing != null : (existing == null || existing.modifyIndex() != cas))) {
				return false;
			}
			long index = this.raftIndex.incrementAndGet();
			this.entries.put(key,
					new Entry(key, value, flags, (existing != null) ? existing.createIndex() : index, index));
			this.tableIndex = index;
		}
		this.waiters.publish(List.of(Topics.KV), List.of(key));
		return true;
	}

	/**
	 * Delete a key or, with {@code recurse}, every key under a prefix.
	 * @return whether the delete happened (a {@code cas} mismatch stops it)
	 */
	boolean delete(String key, boolean recurse, Long cas) {
		List<String> deleted;
		synchronized (this) {
			Entry existing = this.entries.get(key);
			if (!recurse && cas != null && (existing == null || existing.modifyIndex() != cas)) {
				return false;
			}
			deleted = new ArrayList<>(
					recurse ? under(this.entries, key).keySet() : (existing != null) ? List.of(key) : List.of());
			if (deleted.isEmpty()) {
				return true;
			}
			long index = this.raftIndex.incrementAndGet();
			for (String gone : deleted) {
				this.entries.remove(gone);
				this.tombstones.put(gone, index);
			}
			this.tableIndex = index;
		}
		this.waiters.publish(List.of(Topics.KV), deleted);
		return true;
	}

	private static <V> Map<String, V> under(NavigableMap<String, V> map, String prefix) {
		Map<String, V> result = new LinkedHashMap<>();
		for (Map.Entry<String, V> entry : map.tailMap(prefix, true).entrySet()) {
			if (!entry.getKey().startsWith(prefix)) {
				break;
			}
			result.put(entry.getKey(), entry.getValue());
		}
		return result;
	}

	/**
	 * A stored value.
	 *
	 * @param key the key
	 * @param value the value, or {@code null}
	 * @param flags the client flags
	 * @param createIndex the index that created it
	 * @param modifyIndex the index that last wrote it
	 */
	record Entry(String key, byte[] value, long flags, long createIndex, long modifyIndex) {

	}

	/**
	 * What a read found.
	 *
	 * @param index the query index
	 * @param entries the entries, empty when nothing was found
	 */
	record Result(long index, List<Entry> entries) {

	}

}
