package io.apogee.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a mapped buffer at once through the JDK's {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported, meant for exactly this). Where that is not available the mapping is left to the garbage
 * collector, which unmaps it once the buffer and every slice of it are unreachable.
 *
 * <p>After {@link #unmap} any access to the buffer or a slice of it crashes the JVM: callers must know that
 * nobody uses it any more (see {@link MappedFile}'s reference count).
 *
 * <p>Thread safety: stateless after class initialisation.
 */
final class Unmapper {

    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {
    }

    /** True when {@link #unmap} really unmaps; false when mappings are left to the garbage collector. */
    static boolean available() {
        return INVOKE_CLEANER != null;
    }

    /** Unmaps {@code buffer} (a buffer returned by FileChannel.map, not a slice); true if it was unmapped. */
    static boolean unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return false;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
            return true;
        } catch (Throwable e) {
            LOG.warn("cannot unmap a file; the garbage collector will unmap it", e);
            return false;
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("sun.misc.Unsafe.invokeCleaner is not available; deleted files are unmapped by the garbage"
                    + " collector only", e);
            return null;
        }
    }
}
