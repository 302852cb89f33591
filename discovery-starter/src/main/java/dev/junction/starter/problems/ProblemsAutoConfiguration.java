package dev.junction.starter.problems;

import tools.jackson.core.JacksonException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Problem details for every error of a servlet app, with the failing fields named, so
 * that every Junction service answers bad input the same way. Runs before Boot's own
 * problem-details handler, which backs off when a {@link ResponseEntityExceptionHandler}
 * exists; an app's own handler of that type replaces Junction's.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ ResponseEntityExceptionHandler.class, JacksonException.class })
@ConditionalOnBooleanProperty(name = "junction.problems.enabled", matchIfMissing = true)
public final class ProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	JunctionProblemHandler junctionProblemHandler() {
		return new JunctionProblemHandler();
	}

}
