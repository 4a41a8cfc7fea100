/**
 * Periodic work owned by one feature: {@link io.apogee.common.schedule.PeriodicTasks} gives each feature its
 * own timer thread, so the features' schedules cannot delay one another.
 */
package io.apogee.common.schedule;
