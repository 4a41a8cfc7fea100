package io.apogee.namesrv.route;

/**
 * The answer to a registration: for a slave, the address of its master and the master's HA address;
 * both {@code null} for a master or a slave whose master has not registered yet.
 */
public record RegistrationResult(String masterAddr, String haServerAddr) {
}
