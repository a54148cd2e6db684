package io.duesflow.billing.criteria;

/** What an operand is at parse time; EMPTY and ROLL exist only on one side of = or !=. */
enum Type {
    CONDITION("a condition", "a condition such as alder<18"),
    NUMBER("a number", "a number such as 18"),
    TEXT("text", "text in quotes such as \"DK\""),
    DATE("a date", "a date such as 2026-01-31"),
    EMPTY("tom/empty", "a value such as udmeldelsesdato"),
    ROLL("rul(n)", "a month such as måned(indmeldelsesdato)");

    final String description;
    final String example;

    Type(String description, String example) {
        this.description = description;
        this.example = example;
    }
}
