package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.message.Message;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.message.ResourceNames;

/**
 * Checks names and messages before anything is sent, with RocketMQ's rules, so a bad argument
 * fails at once with a message that names the problem.
 *
 * <p>Thread safety: stateless.
 */
public final class MessageValidator {

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
            throw new ClientException(kind + " \"" + group + "\" contains characters outside "
                    + ResourceNames.LEGAL_CHARACTERS);
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
                    + "\" contains characters outside " + ResourceNames.LEGAL_CHARACTERS);
        }
        if (Producer.AUTO_CREATE_TOPIC_KEY_TOPIC.equals(topic)) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the topic " + topic
                    + " is reserved as the auto-create key and cannot be sent to");
        }
    }

    /** Whether a name is not empty and has only the characters RocketMQ allows. */
    static boolean isValidName(String name) {
        return !name.isEmpty() && ResourceNames.hasLegalCharacters(name);
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
