/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

/**
 * The agent's one node, as the catalog shows it.
 *
 * @param name the node name
 * @param id the node ID (a UUID)
 * @param address the node address
 * @param datacenter the datacenter
 */
record NodeInfo(String name, String id, String address, String datacenter) {

}
