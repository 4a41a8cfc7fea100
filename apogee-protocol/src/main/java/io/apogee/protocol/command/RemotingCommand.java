package io.apogee.protocol.command;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request or response of the remoting protocol: the fields every frame carries, the custom
 * header as string pairs ({@code extFields}) and an opaque body.
 *
 * <p>A command is a mutable value owned by one thread at a time: the decoder hands it to a
 * processor, the processor builds a response and hands that to the encoder. It is never shared.
 *
 * <p>A transport may <em>lend</em> a request its body ({@link #lendBody}): a view of the memory the frame was
 * read into, valid only on the reading thread until the transport calls {@link #ownBody()}. A processor that
 * runs there reads the view through {@link #bodyBuffer()} without copying it; {@link #body()} and
 * {@link #ownBody()} copy it into an array of the command's own, which stays valid after the loan.
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
    /** The body while lent by the transport; then {@link #body} is null. */
    private ByteBuffer lentBody;
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

    /** The body, or {@code null}. A lent body is copied into an array of the command's own first. */
    public byte[] body() {
        if (lentBody != null) {
            ownBody();
        }
        return body;
    }

    /** Replaces the body, lent or not; {@code null} drops it. */
    public RemotingCommand body(byte[] body) {
        this.body = body;
        if (lentBody != null) {
            // Written only while lent, so a thread given an owned command never writes this field.
            lentBody = null;
        }
        return this;
    }

    /** The body's length in bytes, 0 when there is none; never copies. */
    public int bodyLength() {
        return lentBody != null ? lentBody.remaining() : body == null ? 0 : body.length;
    }

    /**
     * The body as a buffer from its first byte to its end, or {@code null}: a view of a lent body, valid only
     * while it is lent, or of the command's own array. Never copies the bytes.
     */
    public ByteBuffer bodyBuffer() {
        return lentBody != null ? lentBody.duplicate() : body == null ? null : ByteBuffer.wrap(body);
    }

    /**
     * Lends the command {@code view} as its body, for the transport that read the frame: the bytes between the
     * view's position and limit must stay as they are until the transport calls {@link #ownBody()}.
     */
    public RemotingCommand lendBody(ByteBuffer view) {
        this.lentBody = view;
        this.body = null;
        return this;
    }

    /** Whether the body is still a view of the transport's memory. */
    public boolean isBodyLent() {
        return lentBody != null;
    }

    /** Ends a loan: copies a lent body into an array of the command's own. Nothing happens when none is lent. */
    public RemotingCommand ownBody() {
        ByteBuffer lent = lentBody;
        if (lent != null) {
            byte[] copy = new byte[lent.remaining()];
            lent.duplicate().get(copy);
            body = copy;
            lentBody = null;
        }
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
                + ", extFields=" + extFields
                + ", body=" + (body == null && lentBody == null ? "null" : bodyLength() + " bytes")
                + ", serializeType=" + serializeType + "]";
    }
}
