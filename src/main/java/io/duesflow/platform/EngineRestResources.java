package io.duesflow.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

/**
 * The engine's REST API with one answer more: when one of our task listeners refuses a completion (a fee the law does
 * not allow, four eyes, a decision not offered), the caller gets 400 with our message and the field, as the
 * {@code /api} door answers, instead of the engine's 500 that wraps it in "ENGINE-03051 There was an exception while
 * invoking the TaskListener". Tasklist shows that message over the form. Every other failure keeps the engine's own
 * answer. Found by Jersey itself (META-INF/services), so that both engine APIs have it: {@code /engine-rest} and the
 * one the webapps call under {@code /camunda/api/engine}, which Camunda builds without a Spring bean to extend.
 */
@ConstrainedTo(RuntimeType.SERVER)
public final class EngineRestResources implements AutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        if (!context.getConfiguration().isRegistered(RefusedByUs.class)) {
            context.register(RefusedByUs.class);
            context.register(RefusedByUsWrapped.class);
        }
    }

    /** Before the engine's mapper of the same type (its priority is the default); only for our refusals. */
    @Priority(1)
    public static final class RefusedByUs implements ExtendedExceptionMapper<ProcessEngineException> {
        @Override
        public boolean isMappable(ProcessEngineException exception) {
            return refusal(exception) != null;
        }

        @Override
        public Response toResponse(ProcessEngineException exception) {
            return badRequest(refusal(exception));
        }
    }

    /** The task resource wraps what the engine threw in a RestException of its own before answering. */
    @Priority(1)
    public static final class RefusedByUsWrapped implements ExtendedExceptionMapper<RestException> {
        @Override
        public boolean isMappable(RestException exception) {
            return refusal(exception) != null;
        }

        @Override
        public Response toResponse(RestException exception) {
            return badRequest(refusal(exception));
        }
    }

    static InvalidInput refusal(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidInput invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static Response badRequest(InvalidInput refusal) {
        // The engine's error shape (type, message), so Tasklist and the engine's clients read it as they read its own.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidRequestException");
        body.put("message", refusal.getMessage());
        body.put("field", refusal.field());
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
