package io.duesflow.members;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duesflow.platform.InvalidInput;

/**
 * A {@code PUT /api/association} body laid over the stored settings: a treasurer sends what changes (the name, one
 * SEPA setting) and the rest stays as it is. A setting sent as null or an empty text is cleared; the register then
 * names any required one that is missing. Objects (address, sepa) are merged setting by setting.
 */
final class AssociationChanges {

    private AssociationChanges() {
    }

    static Association applied(ObjectNode changes, Association stored, ObjectMapper json) {
        // Without the version read, a partial update would silently overwrite whatever changed since.
        if (!changes.hasNonNull("version")) {
            throw new InvalidInput("version", MemberRegister.VERSION_REQUIRED);
        }
        ObjectNode merged = json.valueToTree(stored);
        merge(merged, changes);
        try {
            return json.treeToValue(merged, Association.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInput(path(e), reason(e));
        }
    }

    private static void merge(ObjectNode target, ObjectNode changes) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = changes.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (current instanceof ObjectNode object && field.getValue() instanceof ObjectNode nested) {
                merge(object, nested);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream().map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                    : String.valueOf(reference.getIndex())).collect(Collectors.joining("."));
        }
        return "association";
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not " + kind(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "this takes " + kind(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == java.math.BigDecimal.class) {
            return "an amount such as 25.00";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }
}
