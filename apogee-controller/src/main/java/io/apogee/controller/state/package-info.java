/**
 * The controller's replicated state: broker groups and the commands that change them. Everything here is
 * deterministic, so every controller that applies the same log reaches the same state.
 */
package io.apogee.controller.state;
