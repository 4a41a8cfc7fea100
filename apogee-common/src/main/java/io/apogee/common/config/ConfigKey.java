package io.apogee.common.config;

/**
 * What an operator needs to know about one configuration key: its name (RocketMQ's, where the meaning is the
 * same), the part of the server that reads it, its type, its default as written in a file, its unit, whether
 * an admin may change it while the server runs, and one line of documentation. {@code apogee config list}
 * and the generated reference print these.
 *
 * @param part       {@code namesrv}, {@code broker} or {@code store}
 * @param type       e.g. {@code int}, {@code long}, {@code boolean}, {@code string}, {@code path}, an enum's values
 * @param unit       e.g. {@code ms}, {@code bytes}, {@code %}, or empty
 * @param changeable whether UPDATE_BROKER_CONFIG / UPDATE_NAMESRV_CONFIG may change it at run time
 */
public record ConfigKey(String part, String name, String type, String defaultText, String unit, boolean changeable,
                        String doc) {
}
