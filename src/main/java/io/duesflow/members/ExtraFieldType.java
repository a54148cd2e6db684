package io.duesflow.members;

public enum ExtraFieldType {
    NUMBER, TEXT, DATE
}
