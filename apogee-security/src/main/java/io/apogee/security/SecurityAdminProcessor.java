package io.apogee.security;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves the user and ACL codes that {@code mqadmin}'s createUser, updateUser, deleteUser, getUser, listUser,
 * createAcl, updateAcl, deleteAcl, getAcl and listAcl send (AUTH_CREATE_USER 3001 to AUTH_LIST_ACL 3010), with
 * RocketMQ 5.3.3's header fields and {@code UserInfo} / {@code AclInfo} bodies. Changes are written to the
 * store and seen by the next request. Who may send these codes is {@link RequiredAccess}'s business.
 *
 * <p>Thread safety: runs on the server's admin executor; the store serializes changes.
 */
public final class SecurityAdminProcessor implements RequestProcessor {

    public static final int AUTH_CREATE_USER = 3001;
    public static final int AUTH_UPDATE_USER = 3002;
    public static final int AUTH_DELETE_USER = 3003;
    public static final int AUTH_GET_USER = 3004;
    public static final int AUTH_LIST_USER = 3005;
    public static final int AUTH_CREATE_ACL = 3006;
    public static final int AUTH_UPDATE_ACL = 3007;
    public static final int AUTH_DELETE_ACL = 3008;
    public static final int AUTH_GET_ACL = 3009;
    public static final int AUTH_LIST_ACL = 3010;
    public static final int[] CODES = {AUTH_CREATE_USER, AUTH_UPDATE_USER, AUTH_DELETE_USER, AUTH_GET_USER,
            AUTH_LIST_USER, AUTH_CREATE_ACL, AUTH_UPDATE_ACL, AUTH_DELETE_ACL, AUTH_GET_ACL, AUTH_LIST_ACL};

    private static final Logger LOG = LoggerFactory.getLogger(SecurityAdminProcessor.class);

    private final SecurityStore store;

    public SecurityAdminProcessor(SecurityStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        try {
            return switch (request.code()) {
                case AUTH_CREATE_USER -> createUser(request);
                case AUTH_UPDATE_USER -> updateUser(request);
                case AUTH_DELETE_USER -> deleteUser(request);
                case AUTH_GET_USER -> getUser(request);
                case AUTH_LIST_USER -> ok(request, JSON.toJSONBytes(store.users(request.extField("filter")).stream()
                        .map(SecurityStore::userToJson).toList()));
                case AUTH_CREATE_ACL, AUTH_UPDATE_ACL -> putAcl(request);
                case AUTH_DELETE_ACL -> deleteAcl(request);
                case AUTH_GET_ACL -> getAcl(request);
                case AUTH_LIST_ACL -> ok(request, JSON.toJSONBytes(store.acls(request.extField("subjectFilter"),
                        request.extField("resourceFilter")).stream().map(Acl::toJson).toList()));
                default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "request code " + request.code() + " is not a user or ACL code");
            };
        } catch (IllegalArgumentException e) {
            return invalid(request, e.getMessage());
        }
    }

    private RemotingCommand createUser(RemotingCommand request) {
        User user = SecurityStore.userFromJson(body(request));
        if (!store.createUser(user)) {
            return invalid(request, "user '" + user.username() + "' already exists");
        }
        LOG.info("created {} user '{}'", user.type().wireName(), user.username());
        return ok(request, null);
    }

    /** Changes only what the body gives: mqadmin's updateUser sends the fields set on its command line. */
    private RemotingCommand updateUser(RemotingCommand request) {
        JSONObject json = body(request);
        String username = json.getString("username");
        User old = username == null ? null : store.user(username);
        if (old == null) {
            return invalid(request, "user '" + username + "' does not exist");
        }
        String password = json.getString("password");
        String type = json.getString("userType");
        String status = json.getString("userStatus");
        User user = new User(username, password == null || password.isEmpty() ? old.password() : password,
                type == null || type.isEmpty() ? old.type() : User.Type.parse(type),
                status == null || status.isEmpty() ? old.status() : User.Status.parse(status));
        store.updateUser(user);
        LOG.info("updated user '{}'", username);
        return ok(request, null);
    }

    private RemotingCommand deleteUser(RemotingCommand request) {
        String username = required(request, "username");
        if (!store.deleteUser(username)) {
            return invalid(request, "user '" + username + "' does not exist");
        }
        LOG.info("deleted user '{}'", username);
        return ok(request, null);
    }

    private RemotingCommand getUser(RemotingCommand request) {
        String username = required(request, "username");
        User user = store.user(username);
        if (user == null) {
            return invalid(request, "user '" + username + "' does not exist");
        }
        return ok(request, JSON.toJSONBytes(SecurityStore.userToJson(user)));
    }

    private RemotingCommand putAcl(RemotingCommand request) {
        Acl acl = Acl.fromJson(body(request));
        if (store.user(acl.username()) == null) {
            return invalid(request, "cannot give " + acl.subject() + " policies: user '" + acl.username()
                    + "' does not exist");
        }
        store.putAcl(acl);
        LOG.info("set policies of {}", acl.subject());
        return ok(request, null);
    }

    private RemotingCommand deleteAcl(RemotingCommand request) {
        String subject = required(request, "subject");
        String type = request.extField("policyType");
        List<ResourcePattern> resources = new ArrayList<>();
        String resourceText = request.extField("resource");
        if (resourceText != null && !resourceText.isBlank()) {
            for (String r : resourceText.split(",")) {
                resources.add(ResourcePattern.parse(r));
            }
        }
        if (!store.deleteAcl(subject, type == null || type.isBlank() ? null : Acl.policyType(type), resources)) {
            return invalid(request, subject + " has no policies");
        }
        LOG.info("deleted policies of {}", subject);
        return ok(request, null);
    }

    private RemotingCommand getAcl(RemotingCommand request) {
        String subject = required(request, "subject");
        Acl acl = store.acl(subject);
        if (acl == null) {
            return invalid(request, subject + " has no policies");
        }
        return ok(request, JSON.toJSONBytes(acl.toJson()));
    }

    private static JSONObject body(RemotingCommand request) {
        return JsonBody.decode(request.body(), JSONObject.class);
    }

    private static String required(RemotingCommand request, String field) {
        String value = request.extField(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the request has no " + field);
        }
        return value;
    }

    private static RemotingCommand ok(RemotingCommand request, byte[] body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }

    private static RemotingCommand invalid(RemotingCommand request, String remark) {
        return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, remark);
    }
}
