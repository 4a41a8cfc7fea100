/**
 * Worker loops in the manner of Aeron's {@code Agent} and {@code AgentRunner}: an {@link io.apogee.common.agent.Agent}
 * says what one pass of work is, an {@link io.apogee.common.agent.IdleStrategy} how to wait when a pass found
 * nothing, and an {@link io.apogee.common.agent.AgentRunner} owns the named thread, counts and rate-limits the
 * errors, and stops the loop without ever running its body on the thread that asked it to stop.
 */
package io.apogee.common.agent;
