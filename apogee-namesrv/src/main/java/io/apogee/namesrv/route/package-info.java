/**
 * The route registry: live brokers, what each registration said, and the topics each broker hosts.
 */
package io.apogee.namesrv.route;
