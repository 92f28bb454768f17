package dev.autograder;

/**
 * Marks every message and event that crosses a node or reaches the journal; bound to Jackson CBOR.
 */
public interface CborSerializable {}
