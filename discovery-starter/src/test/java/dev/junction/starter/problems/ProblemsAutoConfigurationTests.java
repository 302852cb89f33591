/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProblemsAutoConfiguration.class, WebMvcAutoConfiguration.class));

	@Test
	void servletAppsAnswerErrorsWithJunctionsProblemHandlerInsteadOfBootsPlainOne() {
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=true")
			.run((context) -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(JunctionProblemHandler.class));
	}

	@Test
	void theContainersErrorPageAndTomcatsOwnErrorsAreProblemsToo() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ProblemErrorController.class)
			.hasSingleBean(ProblemErrorReportValveCustomizer.class));
	}

	@Test
	void anAppsOwnErrorControllerReplacesJunctions() {
		this.runner.withBean("appErrorController", ErrorController.class, () -> new ErrorController() {
		}).run((context) -> assertThat(context).doesNotHaveBean(ProblemErrorController.class));
	}

	@Test
	void anAppsOwnHandlerReplacesJunctions() {
		this.runner.withBean("appHandler", ResponseEntityExceptionHandler.class, AppHandler::new)
			.run((context) -> assertThat(context).doesNotHaveBean(JunctionProblemHandler.class)
				.getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(AppHandler.class));
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("junction.problems.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JunctionProblemHandler.class)
				.doesNotHaveBean(ProblemErrorController.class)
				.doesNotHaveBean(ProblemErrorReportValveCustomizer.class));
	}

	@Test
	void isAbsentWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JacksonException.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JunctionProblemHandler.class));
	}

	static class AppHandler extends ResponseEntityExceptionHandler {

	}

}
