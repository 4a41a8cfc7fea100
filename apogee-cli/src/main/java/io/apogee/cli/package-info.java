/**
 * The {@code apogee} command: picocli subcommands that run a name server, a broker or both in one
 * process (standalone), stopped in reverse order on SIGTERM.
 */
package io.apogee.cli;
