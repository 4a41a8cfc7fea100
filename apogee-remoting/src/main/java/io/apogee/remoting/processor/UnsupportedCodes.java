package io.apogee.remoting.processor;

import io.apogee.common.log.RateLimitedLog;
import org.slf4j.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs each request code nobody serves once, with the first peer that sent it and that peer's client
 * version, so an operator learns which tool needs what without a line per request. A peer inventing
 * codes cannot grow the set without bound: past {@value #MAX_CODES} distinct codes the rest share one
 * rate-limited line.
 *
 * <p>Thread safety: called on I/O threads; a concurrent set.
 */
final class UnsupportedCodes {

    static final int MAX_CODES = 64;

    private final Logger log;
    private final Set<Integer> logged = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog overflow;

    UnsupportedCodes(Logger log) {
        this.log = log;
        this.overflow = new RateLimitedLog(log, 10_000);
    }

    void seen(int code, String peer, int clientVersion) {
        if (logged.contains(code)) {
            return;
        }
        if (logged.size() >= MAX_CODES) {
            overflow.warn("request code {} from {} (client version {}) is not supported", code, peer, clientVersion);
        } else if (logged.add(code)) {
            log.warn("request code {} from {} (client version {}) is not supported; answering "
                    + "REQUEST_CODE_NOT_SUPPORTED, and not logging this code again", code, peer, clientVersion);
        }
    }
}
