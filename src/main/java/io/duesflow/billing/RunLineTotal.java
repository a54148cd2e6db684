package io.duesflow.billing;

import java.math.BigDecimal;

/** A run's charges summed per line text: a billing line, its group lines, a fee, arrears. */
public record RunLineTotal(String text, int charges, BigDecimal total) {
}
