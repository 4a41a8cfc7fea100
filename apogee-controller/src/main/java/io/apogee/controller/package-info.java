/**
 * The controller: a group of three (or more) controllers, kept in agreement by Apache Ratis, that knows
 * each broker group's members, master, master epoch and in-sync set, and elects a new master when one is lost.
 */
package io.apogee.controller;
