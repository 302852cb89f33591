/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/junctionoutliers} (management port only): per called service, the
 * instances outlier detection currently leaves out, why, how many times they were ejected
 * and until when, so an operator sees at once why an instance gets no traffic.
 */
@Endpoint(id = "junctionoutliers")
public class OutlierEndpoint {

	private final OutlierDetector detector;

	OutlierEndpoint(OutlierDetector detector) {
		this.detector = detector;
	}

	@ReadOperation
	public OutliersDescriptor outliers() {
		return new OutliersDescriptor(this.detector.ejected());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param services the ejected instances per service (services with none are left out)
	 */
	public record OutliersDescriptor(Map<String, List<OutlierDetector.Ejected>> services) {
	}

}
