/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import org.apache.catalina.startup.Tomcat;
import tools.jackson.core.JacksonException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Problem details for every error of a servlet app, with the failing fields named, so
 * that every Junction service answers bad input the same way: Spring MVC's errors
 * ({@link JunctionProblemHandler}), the container's error page
 * ({@link ProblemErrorController}) and Tomcat's own answers to requests that never reach
 * the application ({@link ProblemErrorReportValve}). Runs before Boot's own
 * problem-details handler, which backs off when a {@link ResponseEntityExceptionHandler}
 * exists, and before Boot's error controller, which backs off when an
 * {@link ErrorController} exists; an app's own bean of either type replaces Junction's.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ ResponseEntityExceptionHandler.class, JacksonException.class })
@ConditionalOnBooleanProperty(name = "junction.problems.enabled", matchIfMissing = true)
public final class ProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	JunctionProblemHandler junctionProblemHandler() {
		return new JunctionProblemHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ErrorController.class)
	static class ErrorControllerConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
		ProblemErrorController junctionProblemErrorController() {
			return new ProblemErrorController();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatProblemsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProblemErrorReportValveCustomizer junctionProblemErrorReportValveCustomizer() {
			return new ProblemErrorReportValveCustomizer();
		}

	}

}
