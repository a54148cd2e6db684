package io.duesflow.banking;

/**
 * The sequence type of a collection under a mandate (EPC SDD Core rulebook). Since November 2016 a first
 * collection may also be sent as {@link #RCUR}, and FRST no longer needs a longer lead time; some banks still
 * want FRST.
 */
public enum SequenceType {
    /** The first collection under a recurrent mandate. */
    FRST,
    /** A later collection under a recurrent mandate. */
    RCUR,
    /** The only collection under a one-off mandate. */
    OOFF,
    /** The last collection under a recurrent mandate; the mandate ends with it. */
    FNAL
}
