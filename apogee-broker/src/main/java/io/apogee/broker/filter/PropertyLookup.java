package io.apogee.broker.filter;

/** Where a filter reads a message's properties from: the value of a property, or null when absent. */
@FunctionalInterface
public interface PropertyLookup {

    String get(String name);
}
