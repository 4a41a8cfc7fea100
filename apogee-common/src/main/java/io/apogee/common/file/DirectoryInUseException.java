package io.apogee.common.file;

import java.io.IOException;

/** A data folder another process (or this one) holds: the message says which folder and, where known, who. */
public final class DirectoryInUseException extends IOException {

    public DirectoryInUseException(String message) {
        super(message);
    }
}
