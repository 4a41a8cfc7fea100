package io.apogee.common.file;

import java.nio.file.Path;

/** A child process that locks a folder, says so, and holds it until killed or told to quit on stdin. */
public final class LockHolder {

    public static void main(String[] args) throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "lock", "store")) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }
}
