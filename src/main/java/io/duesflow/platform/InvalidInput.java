package io.duesflow.platform;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input a user can correct: answered 400 with the field (or CSV row and column, or expression position)
 * that is wrong and why. Rooms throw this or a subclass of it. Where several fields are wrong at once, all of
 * them are named, so the user fixes them in one go rather than one refusal at a time.
 */
public class InvalidInput extends RuntimeException {

    /** One wrong field and what is wrong with it. */
    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public InvalidInput(String field, String message) {
        super(message);
        this.problems = List.of(new Problem(field, message));
    }

    /** Every problem found; the first one is also {@link #field()}. */
    public InvalidInput(List<Problem> problems) {
        super(problems.stream().map(problem -> problems.size() == 1 ? problem.message()
                : problem.field() + ": " + problem.message()).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("An InvalidInput needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public String field() {
        return problems.get(0).field();
    }

    public List<Problem> problems() {
        return problems;
    }
}
