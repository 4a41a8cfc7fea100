/**
 * What admin tools ask a broker about topics and consumer progress: create, update and delete topics,
 * topic status and a group's lag per queue.
 */
package io.apogee.broker.admin;
