package io.apogee.store.flush;

/** Forces everything written so far to disk; throws when the force fails. */
@FunctionalInterface
public interface ForceAction {

    void force();
}
