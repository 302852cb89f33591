/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string of a request body holds a character Junction refuses (see
 * {@link ControlCharacterRefusingStringDeserializer}). Its path names the field.
 */
public class ControlCharacterException extends MismatchedInputException {

	ControlCharacterException(JsonParser parser) {
		super(parser, "String contains a NUL or another control character", String.class);
	}

}
