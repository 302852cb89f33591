package dev.junction.starter;

/**
 * Keys under which the request context of the work a thread is doing is kept in the SLF4J
 * MDC while a request (or a message) is handled. The MDC is the carrier inside a
 * thread-per-request JVM: logs show the values for free, outgoing HTTP calls and messages
 * read them from there. Reactive code carries the same keys in the Reactor context
 * instead.
 */
public final class JunctionMdc {

	/** The version chosen at the edge ({@link JunctionHeaders#VERSION}). */
	public static final String VERSION = "junctionVersion";

	/** The correlation id ({@link JunctionHeaders#CORRELATION_ID}). */
	public static final String CORRELATION_ID = "correlationId";

	/** Where Micrometer Tracing keeps the current trace id. */
	public static final String TRACE_ID = "traceId";

	private JunctionMdc() {
	}

}
