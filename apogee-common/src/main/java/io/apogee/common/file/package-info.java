/**
 * Files every server part and the client treat alike: the one durable way to replace or remove a small
 * state file ({@link io.apogee.common.file.DurableFile}), and the lock that keeps a data folder to one
 * process at a time ({@link io.apogee.common.file.DirectoryLock}).
 */
package io.apogee.common.file;
