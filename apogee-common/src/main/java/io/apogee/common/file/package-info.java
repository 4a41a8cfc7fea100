/**
 * Files every server part and the client treat alike: the lock that keeps a data folder to one
 * process at a time.
 */
package io.apogee.common.file;
