package io.duesflow.banking;

import java.util.Arrays;

/** The versions of the pain.008 customer direct-debit initiation duesflow writes, each with its shipped schema. */
public enum Pain008Version {

    /** pain.008.001.02 (ISO 20022 of 2009): what Dutch and many other banks still take. */
    V02("pain.008.001.02"),
    /** pain.008.001.08 (ISO 20022 of 2019): the EPC implementation guidelines since November 2023. */
    V08("pain.008.001.08");

    private final String messageName;

    Pain008Version(String messageName) {
        this.messageName = messageName;
    }

    /** The message name, e.g. {@code pain.008.001.08}. */
    public String messageName() {
        return messageName;
    }

    /** The XML namespace of the document, written as the default namespace (no prefix). */
    public String namespace() {
        return "urn:iso:std:iso:20022:tech:xsd:" + messageName;
    }

    /** The classpath resource of the official schema. */
    public String schemaResource() {
        return Iso20022Schemas.resource(messageName);
    }

    /** The version whose namespace this is. */
    public static Pain008Version ofNamespace(String namespace) {
        return Arrays.stream(values()).filter(version -> version.namespace().equals(namespace)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + namespace
                        + "' is not the namespace of a pain.008 version duesflow writes (.001.02 or .001.08)"));
    }
}
