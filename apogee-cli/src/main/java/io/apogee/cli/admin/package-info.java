/**
 * {@code apogee admin}: noun-then-verb subcommands (cluster, broker, topic, group, message, kv) over
 * Apogee's own admin client, with human tables or {@code -o json}, and RocketMQ's mqadmin command
 * names as aliases. Everything runs on the command's calling thread.
 */
package io.apogee.cli.admin;
