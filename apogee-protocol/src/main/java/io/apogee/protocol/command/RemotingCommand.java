package io.apogee.protocol.command;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request or response of the remoting protocol: the fields every frame carries, the custom
 * header as string pairs ({@code extFields}) and an opaque body.
 *
 * <p>A command is a mutable value owned by one thread at a time: the decoder hands it to a
 * processor, the processor builds a response and hands that to the encoder. It is never shared.
 */
public final class RemotingCommand {

    /** Flag bit 0: the command is a response. */
    public static final int FLAG_RESPONSE = 0x1;
    /** Flag bit 1: the request is oneway and must not be answered. */
    public static final int FLAG_ONEWAY = 0x2;
    /** Version ordinal of RocketMQ 5.3.3, which Apogee announces so peers pick modern behaviour. */
    public static final int CURRENT_VERSION = 479;

    /** Request ids are unique per process, as the official client does it. */
    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    private SerializeType serializeType = SerializeType.JSON;

    /** A new request with a fresh opaque. */
    public static RemotingCommand request(int code) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        command.opaque = NEXT_OPAQUE.getAndIncrement();
        return command;
    }

    /** A response to {@code request}: same opaque and serialize type, the given code and remark. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand response = new RemotingCommand();
        response.code = code;
        response.remark = remark;
        response.opaque = request.opaque;
        response.flag = FLAG_RESPONSE;
        response.serializeType = request.serializeType;
        return response;
    }

    /** An empty command for decoders to fill in. */
    public static RemotingCommand empty() {
        return new RemotingCommand();
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= FLAG_ONEWAY;
        return this;
    }

    public RemotingCommand markResponse() {
        flag |= FLAG_RESPONSE;
        return this;
    }

    /** Sets one custom header field; a null value removes it. */
    public RemotingCommand putExtField(String key, String value) {
        if (value == null) {
            if (extFields != null) {
                extFields.remove(key);
            }
            return this;
        }
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        extFields.put(key, value);
        return this;
    }

    /** One custom header field, or {@code null}. */
    public String extField(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The custom header, or {@code null} when the frame carried none. Mutable. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(Map<String, String> extFields) {
        this.extFields = extFields;
        return this;
    }

    /** The body, or {@code null}. */
    public byte[] body() {
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        return this;
    }

    /** The header type this command was decoded from, and the one it will be encoded with. */
    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", language=" + language + ", version=" + version
                + ", opaque=" + opaque + ", flag=" + flag + ", remark=" + remark
                + ", extFields=" + extFields + ", body=" + (body == null ? "null" : body.length + " bytes")
                + ", serializeType=" + serializeType + "]";
    }
}
