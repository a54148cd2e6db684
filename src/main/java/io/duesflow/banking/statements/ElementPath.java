package io.duesflow.banking.statements;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the reader is: the local names of the open elements, the root at level 1. Elements are told apart by
 * their path below a known element ({@code Refs/EndToEndId} below {@code TxDtls}), which holds across versions
 * even where the types around them changed.
 *
 * <p>Every distinct path of the document is a node that remembers its relative paths once built, so reading the
 * same structure 100 000 times builds each path string once, not 100 000 times (building them was the reader's
 * largest own cost). A file cannot grow this without bound: past {@link #MAX_NODES} distinct paths (a real
 * statement has a few hundred) paths are built afresh each time.
 */
final class ElementPath {

    static final int MAX_NODES = 4_096;

    private final String[] names;
    private final Node[] nodes;
    private int depth;
    private int nodeCount;

    ElementPath(int maximumDepth) {
        names = new String[maximumDepth + 1];
        nodes = new Node[maximumDepth + 1];
        nodes[0] = new Node();
    }

    int depth() {
        return depth;
    }

    boolean full() {
        return depth == names.length - 1;
    }

    void push(String name) {
        Node parent = nodes[depth];
        names[++depth] = name;
        nodes[depth] = parent == null ? null : child(parent, name);
    }

    void pop() {
        names[depth] = null;
        nodes[depth--] = null;
    }

    /** The innermost open element. */
    String last() {
        return names[depth];
    }

    String name(int level) {
        return names[level];
    }

    /** The path of the innermost element below the element open at {@code level}, e.g. {@code Refs/EndToEndId}. */
    String below(int level) {
        Node node = nodes[depth];
        if (node == null) {
            return build(level);
        }
        if (node.below == null) {
            node.below = new String[depth];
        }
        String path = node.below[level];
        if (path == null) {
            path = build(level);
            node.below[level] = path;
        }
        return path;
    }

    private String build(int level) {
        if (level + 1 == depth) {
            return names[depth];
        }
        StringBuilder path = new StringBuilder(names[level + 1]);
        for (int i = level + 2; i <= depth; i++) {
            path.append('/').append(names[i]);
        }
        return path.toString();
    }

    private Node child(Node parent, String name) {
        Node child = parent.children == null ? null : parent.children.get(name);
        if (child == null && nodeCount < MAX_NODES) {
            if (parent.children == null) {
                parent.children = new HashMap<>(8);
            }
            child = new Node();
            parent.children.put(name, child);
            nodeCount++;
        }
        return child;
    }

    private static final class Node {
        Map<String, Node> children;
        /** {@code below[level]}: this node's path below its ancestor at {@code level}, once asked for. */
        String[] below;
    }
}
