package io.duesflow.payments;

import io.duesflow.banking.SchemaViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A bank file that failed its schema check: nothing was placed or recorded, and the treasurer reads why. */
@RestControllerAdvice(assignableTypes = DirectDebitController.class)
class BankFileErrors {

    @ExceptionHandler(SchemaViolationException.class)
    ProblemDetail invalidFile(SchemaViolationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage()
                + "; nothing was sent to the bank");
        problem.setTitle("The bank file failed its schema check");
        problem.setProperty("problems", e.problems());
        return problem;
    }
}
