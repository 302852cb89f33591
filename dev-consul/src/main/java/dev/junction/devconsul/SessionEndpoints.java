/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.List;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/session/*}: create, destroy, renew, info, list and node, with Consul's
 * answers (Consul's {@code agent/session_endpoint.go}); the reads are blocking queries on
 * the session table's index.
 */
final class SessionEndpoints {

	private final SessionStore sessions;

	private final SessionStore.CheckView checks;

	private final BlockingQueries waiters;

	private final Acl acl;

	private final NodeInfo node;

	private final DevConsulSettings settings;

	SessionEndpoints(SessionStore sessions, SessionStore.CheckView checks, BlockingQueries waiters, Acl acl,
			NodeInfo node, DevConsulSettings settings) {
		this.sessions = sessions;
		this.checks = checks;
		this.waiters = waiters;
		this.acl = acl;
		this.node = node;
		this.settings = settings;
	}

	void addTo(Router router) {
		router.add("/v1/session/create", this::create, "PUT")
			.add("/v1/session/destroy/", this::destroy, "PUT")
			.add("/v1/session/renew/", this::renew, "PUT")
			.add("/v1/session/info/",
					(request, id, out) -> read(request, id, "Missing session", (session) -> session.id().equals(id),
							out),
					"GET")
			.add("/v1/session/node/",
					(request, name, out) -> read(request, name, "Missing node name",
							(session) -> session.node().equals(name), out),
					"GET")
			.add("/v1/session/list", (request, tail, out) -> read(request, "all", "", (session) -> true, out), "GET");
	}

	private void create(ApiRequest request, String tail, Responder responder) {
		Queries.check(request, this.node);
		ObjectNode json = SessionReader.parse(request.body());
		// as in Consul, the token is checked before the session is validated
		this.acl.require(request, "session:write", SessionReader.node(json, this.node.name()));
		Session draft = SessionReader.read(json, this.node.name(), this.settings.sessionTtlMinimum());
		Session session = this.sessions.create(draft, this.node.name(), this.checks);
		responder.send(ApiResponse.json(Json.object().put("ID", session.id())));
	}

	private void destroy(ApiRequest request, String id, Responder responder) {
		Queries.check(request, this.node);
		if (id.isEmpty()) {
			throw ApiException.badRequest("Missing session");
		}
		this.acl.require(request, "session:write", this.node.name());
		this.sessions.destroy(id);
		responder.send(ApiResponse.json(BooleanNode.TRUE));
	}

	private void renew(ApiRequest request, String id, Responder responder) {
		Queries.check(request, this.node);
		if (id.isEmpty()) {
			throw ApiException.badRequest("Missing session");
		}
		this.acl.require(request, "session:write", this.node.name());
		Session session = this.sessions.renew(id);
		if (session == null) {
			throw new ApiException(HttpResponseStatus.NOT_FOUND, "Session id '" + id + "' not found");
		}
		ArrayNode json = Json.array();
		json.add(session.toJson());
		responder.send(ApiResponse.json(json));
	}

	private void read(ApiRequest request, String subject, String missing, Predicate<Session> wanted,
			Responder responder) {
		Queries.check(request, this.node);
		if (subject.isEmpty()) {
			throw ApiException.badRequest(missing);
		}
		boolean allowed = this.acl.canRead(request);
		this.waiters.serve(request, Topics.SESSIONS, null, this.sessions::index, () -> {
			long index = this.sessions.index();
			List<Session> found = allowed ? this.sessions.list().stream().filter(wanted).toList() : List.of();
			ArrayNode json = Json.array();
			found.forEach((session) -> json.add(session.toJson()));
			return Queries.filtered(ApiResponse.json(json), allowed).withIndex(index);
		}, responder);
	}

}
