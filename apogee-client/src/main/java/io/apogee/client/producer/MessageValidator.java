package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.message.Message;
import io.apogee.protocol.code.ResponseCode;

/**
 * Checks names and messages before anything is sent, with RocketMQ's rules, so a bad argument
 * fails at once with a message that names the problem.
 *
 * <p>Thread safety: stateless.
 */
public final class MessageValidator {

    /** The characters allowed in topic and group names, as a regular expression's class, for messages. */
    private static final String VALID_CHARACTERS = "[%|a-zA-Z0-9_-]";
    public static final int MAX_TOPIC_LENGTH = 127;
    public static final int MAX_GROUP_LENGTH = 255;

    private MessageValidator() {
    }

    /** Checks a producer or consumer group name. */
    public static void checkGroup(String group, String kind) {
        if (group == null || group.isBlank()) {
            throw new ClientException(kind + " must not be blank");
        }
        if (group.length() > MAX_GROUP_LENGTH) {
            throw new ClientException(kind + " is longer than " + MAX_GROUP_LENGTH + " characters: " + group.length());
        }
        if (!isValidName(group)) {
            throw new ClientException(kind + " \"" + group + "\" contains characters outside " + VALID_CHARACTERS);
        }
    }

    public static void checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the topic must not be blank");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the topic is longer than " + MAX_TOPIC_LENGTH
                    + " characters");
        }
        if (!isValidName(topic)) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the topic \"" + topic
                    + "\" contains characters outside " + VALID_CHARACTERS);
        }
        if (Producer.AUTO_CREATE_TOPIC_KEY_TOPIC.equals(topic)) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the topic " + topic
                    + " is reserved as the auto-create key and cannot be sent to");
        }
    }

    /**
     * Whether every character of a non-empty name is one of {@code %|a-zA-Z0-9_-}. A loop rather than a regular
     * expression: it runs for every message sent.
     */
    static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    public static void checkMessage(Message message, int maxMessageSize) {
        if (message == null) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message is null");
        }
        checkTopic(message.getTopic());
        byte[] body = message.getBody();
        if (body == null || body.length == 0) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
        }
        if (body.length > maxMessageSize) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body is " + body.length
                    + " bytes, over maxMessageSize " + maxMessageSize);
        }
    }
}
