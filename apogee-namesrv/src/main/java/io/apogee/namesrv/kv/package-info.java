/**
 * Key-value configuration by namespace, persisted under the name server's folder.
 */
package io.apogee.namesrv.kv;
