/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

/**
 * The resolved identity of the running instance: what registration puts into Consul
 * metadata and what responses show.
 *
 * @param id the configured instance id ({@code junction.instance.id}); the id actually
 * registered in Consul is the registration's, which the starter defaults to this one
 * @param version the instance's version
 * @param zone the instance's zone
 */
public record InstanceIdentity(String id, String version, String zone) {

}
