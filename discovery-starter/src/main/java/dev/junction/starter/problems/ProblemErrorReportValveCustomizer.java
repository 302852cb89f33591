/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} where Tomcat's HTML {@link ErrorReportValve} was.
 * Boot adds its own {@link ErrorReportValve} to the host (with the report and the server
 * version hidden); this runs after Boot's customizer, takes that one out and makes the
 * problem valve the host's error report valve, so Tomcat adds no other at start.
 */
class ProblemErrorReportValveCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Container host = context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			if (host instanceof StandardHost standardHost) {
				standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
			host.getPipeline().addValve(new ProblemErrorReportValve());
		});
	}

	@Override
	public int getOrder() {
		// after Boot's TomcatWebServerFactoryCustomizer (order 0), which adds its valve
		return Ordered.LOWEST_PRECEDENCE;
	}

}
