package io.apogee.cli.bench;

/**
 * The send calls of one client's producer, for {@link SendLoad}. A status other than SEND_OK is answered as
 * its name, SEND_OK as null; a failed send throws.
 *
 * <p>Thread safety: the send calls from any number of sending threads; {@link #close()} from the command's
 * thread once they stopped.
 */
interface BenchProducer extends AutoCloseable {

    /** What an asynchronous send answers: the status as for a synchronous send, or the error. */
    @FunctionalInterface
    interface Answer {
        void answered(String notOk, Throwable error);
    }

    String send(byte[] body, String keys) throws Exception;

    String sendBatch(byte[][] bodies, String[] keys) throws Exception;

    void sendOneway(byte[] body, String keys) throws Exception;

    /** Sends; {@code answer} is called once, on a client thread, unless this call throws. */
    void sendAsync(byte[] body, String keys, Answer answer) throws Exception;

    /** How many times a failed synchronous send is retried, which bounds how long a stop may wait. */
    int retriesWhenSendFailed();

    @Override
    void close();
}
