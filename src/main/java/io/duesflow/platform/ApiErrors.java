package io.duesflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refusal of the REST API as an RFC 9457 problem detail that names what to fix. */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return withErrors(withField(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()), e.field()), e);
    }

    /** The first wrong field as {@code field}, as clients have always read it; every one of them in {@code errors}. */
    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid input");
        return withErrors(withField(problem, e.field()), e);
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /**
     * The engine's own refusal behind an {@code /api} door that drives a process as the caller (send a reminder now,
     * a round's approval): Camunda's authorizations said no, e.g. an administrator took a treasurer's right to start
     * the process away. The caller is not allowed; it is no server error.
     */
    @ExceptionHandler(AuthorizationException.class)
    ProblemDetail notAllowed(AuthorizationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Not allowed");
        return problem;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail stale(OptimisticLockingFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Someone else changed this since you read it. Reload it and apply your change again.");
        problem.setTitle("Stale version");
        return withField(problem, "version");
    }

    /** A body larger than duesflow reads, found while reading it (a body that said so was refused before). */
    @ExceptionHandler(RequestTooLarge.class)
    ProblemDetail tooLarge(RequestTooLarge e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setTitle("Request too large");
        return withField(problem, "body");
    }

    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<ProblemDetail> unreadable(UncheckedIOException e) {
        RequestTooLarge tooLarge = RequestTooLarge.in(e);
        if (tooLarge == null) {
            return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.INTERNAL_SERVER_ERROR, "Reading or writing failed: " + e.getMessage()));
        }
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(tooLarge(tooLarge));
    }

    /** A form upload whose parts cannot be read (cut off, no boundary): the file is named, not a server error. */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail notAForm(MultipartException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The upload is not a readable "
                + "form with a file (multipart/form-data): " + e.getMostSpecificCause().getMessage());
        problem.setTitle("Invalid input");
        return withField(problem, "file");
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, "The file is larger "
                + "than the " + (e.getMaxUploadSize() > 0 ? HttpLimits.describe(e.getMaxUploadSize()) + " " : "")
                + "duesflow takes (duesflow.http.max-upload-size, DUESFLOW_MAX_UPLOAD_SIZE)");
        problem.setTitle("Request too large");
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(withField(problem, "file"));
    }

    /**
     * A body that is no JSON, or JSON of the wrong shape: where it goes wrong (line and column, and the field by its
     * path, {@code lines[2].price}) and what Jackson found there, instead of "Failed to read request".
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestTooLarge tooLarge = RequestTooLarge.in(e);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(tooLarge(tooLarge));
        }
        String field = "body";
        String detail = "The request body cannot be read: " + e.getMostSpecificCause().getMessage();
        if (e.getCause() instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                field = path(mapping.getPath());
            }
            if (at == null) {
                // The parser's own limits (a number too long, nesting too deep) say neither where nor which field:
                // read the body again, as far as it goes.
                Object body = request.getAttribute(RequestSizeLimit.JSON_BODY, WebRequest.SCOPE_REQUEST);
                Place place = body instanceof java.io.ByteArrayOutputStream copy ? placeOfFailure(copy.toByteArray()) : null;
                if (place != null) {
                    at = place.location();
                    field = field.equals("body") ? place.field() : field;
                }
            }
            detail = "The request body is not what " + (field.equals("body") ? "it should be" : "'" + field + "' takes")
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + shortened(json.getOriginalMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid input");
        return ResponseEntity.badRequest().body(withField(problem, field));
    }

    private record Place(JsonLocation location, String field) {
    }

    /** The JSON parser's defaults, the same limits as the application's own. */
    private static final JsonFactory JSON = new JsonFactory();

    /** Where a JSON body stops being readable: the parser's place and the field it was in. */
    private static Place placeOfFailure(byte[] body) {
        JsonParser parser = null;
        try {
            parser = JSON.createParser(body);
            while (parser.nextToken() != null) {
                if (parser.currentToken().isNumeric()) {
                    parser.getNumberValue();
                } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    parser.getText();
                }
            }
            return null;
        } catch (IOException e) {
            return parser == null ? null : new Place(parser.currentLocation(), path(parser.getParsingContext()));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException e) {
                    // read from memory
                }
            }
        }
    }

    /** {@code extraFields.a[0]}: where the parser was, its first few steps (nesting 10 000 deep is not spelt out). */
    private static String path(JsonStreamContext context) {
        java.util.LinkedList<String> steps = new java.util.LinkedList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.getCurrentName() != null) {
                steps.addFirst((at.getParent() != null && !at.getParent().inRoot() ? "." : "") + at.getCurrentName());
            } else if (at.inArray()) {
                steps.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", steps.subList(0, Math.min(4, steps.size())));
        return path.isEmpty() ? "body" : steps.size() > 4 ? path + "…" : path;
    }

    /** {@code lines[2].price}: Jackson's path as a person reads it. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Jackson quotes what it found; a 10 000-digit number or a megabyte of text is not repeated back whole. */
    private static String shortened(String message) {
        String plain = String.valueOf(message);
        return plain.length() <= 300 ? plain : plain.substring(0, 300) + "…";
    }

    /** Bean Validation failures: every field with its message, the first one also as {@code field}. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> errorEntry(error.getField(), error.getDefaultMessage()))
                .toList();
        String detail = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("Invalid request");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid input");
        problem.setProperty("errors", errors);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail withErrors(ProblemDetail problem, InvalidInput e) {
        problem.setProperty("errors", e.problems().stream().map(p -> errorEntry(p.field(), p.message())).toList());
        return problem;
    }

    /** One entry of {@code errors}, the same shape for Bean Validation and for the rooms' own checks. */
    private static Map<String, String> errorEntry(String field, String message) {
        Map<String, String> entry = new java.util.LinkedHashMap<>();
        if (field != null) {
            entry.put("field", field);
        }
        entry.put("message", String.valueOf(message));
        return entry;
    }

    private static ProblemDetail withField(ProblemDetail problem, String field) {
        if (field != null) {
            problem.setProperty("field", field);
        }
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
