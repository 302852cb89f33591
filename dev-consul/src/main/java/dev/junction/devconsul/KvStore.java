/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The key/value store, in memory, with the locks sessions hold on keys (their lock-delay
 * and validity live in {@link SessionStore}). Deletes leave tombstones so that a
 * listing's index (the highest {@code ModifyIndex} under its prefix, tombstones included)
 * moves when a key goes away, as Consul's does; without that a config watch would miss
 * deletions.
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
			// as in Consul, a plain write keeps the lock holder but not the LockIndex
			write(key, value, flags, 0, (existing != null) ? existing.session() : null);
		}
		this.waiters.publish(List.of(Topics.KV), List.of(key));
		return true;
	}

	/**
	 * Write a key for a session that may take its lock; the caller has checked that the
	 * session exists and the key is not in its lock-delay, holding this store's monitor.
	 * Publishing is the caller's job, once the monitor is released.
	 * @return whether the session holds the lock now (false: another session holds it)
	 */
	synchronized boolean lock(String key, byte[] value, long flags, String session) {
		Entry existing = this.entries.get(key);
		if (existing != null && existing.session() != null && !existing.session().equals(session)) {
			return false;
		}
		long lockIndex = (existing == null) ? 1
				: session.equals(existing.session()) ? existing.lockIndex() : existing.lockIndex() + 1;
		write(key, value, flags, lockIndex, session);
		return true;
	}

	/**
	 * Write a key and clear its lock, if the session holds it.
	 * @return whether the session held the lock
	 */
	synchronized boolean unlock(String key, byte[] value, long flags, String session) {
		Entry existing = this.entries.get(key);
		if (existing == null || !session.equals(existing.session())) {
			return false;
		}
		write(key, value, flags, existing.lockIndex(), null);
		return true;
	}

	/**
	 * The keys an invalidated session held lose their lock ({@code release}) or go away
	 * ({@code delete}), all at one index.
	 * @return the keys that changed
	 */
	synchronized List<String> dropLocksOf(String session, boolean delete) {
		List<String> held = new ArrayList<>();
		this.entries.forEach((key, entry) -> {
			if (session.equals(entry.session())) {
				held.add(key);
			}
		});
		if (held.isEmpty()) {
			return held;
		}
		long index = this.raftIndex.incrementAndGet();
		for (String key : held) {
			Entry entry = this.entries.get(key);
			if (delete) {
				this.entries.remove(key);
				this.tombstones.put(key, index);
			}
			else {
				this.entries.put(key, new Entry(key, entry.value(), entry.flags(), entry.createIndex(), index,
						entry.lockIndex(), null));
			}
		}
		this.tableIndex = index;
		return held;
	}

	private void write(String key, byte[] value, long flags, long lockIndex, String session) {
		Entry existing = this.entries.get(key);
		long index = this.raftIndex.incrementAndGet();
		this.entries.put(key, new Entry(key, value, flags, (existing != null) ? existing.createIndex() : index, index,
				lockIndex, session));
		this.tableIndex = index;
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
	 * @param lockIndex how many times a session acquired its lock
	 * @param session the session holding its lock, or {@code null}
	 */
	record Entry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex,
			String session) {

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
