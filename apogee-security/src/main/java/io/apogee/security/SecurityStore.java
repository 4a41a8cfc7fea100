package io.apogee.security;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.common.file.DurableFile;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users and ACLs of one server, kept in memory for the request threads and written to {@code users.json}
 * and {@code acls.json} in its folder on every change, each replaced whole and durably. Passwords are stored as
 * given, as RocketMQ stores them, because the signature check needs the secret itself: protect the folder.
 *
 * <p>Thread safety: lookups are lock-free reads of concurrent maps, from any thread; changes are serialized
 * on this object and visible to the next lookup.
 */
public final class SecurityStore {

    /** A user with the HMAC key made from its password, so no request has to build it again. */
    record Account(User user, SecretKeySpec key) {
    }

    static final String HMAC = "HmacSHA1";

    private final Path usersFile;
    private final Path aclsFile;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Acl> acls = new ConcurrentHashMap<>();

    private SecurityStore(Path folder) {
        this.usersFile = folder.resolve("users.json");
        this.aclsFile = folder.resolve("acls.json");
    }

    /** Reads the store in {@code folder} (empty when it has no files yet). */
    public static SecurityStore open(Path folder) {
        SecurityStore store = new SecurityStore(folder);
        try {
            byte[] users = DurableFile.readIfExists(store.usersFile);
            if (users != null) {
                JSONArray list = JSON.parseArray(new String(users, StandardCharsets.UTF_8));
                for (int i = 0; i < list.size(); i++) {
                    User user = userFromJson(list.getJSONObject(i));
                    store.accounts.put(user.username(), account(user));
                }
            }
            byte[] aclText = DurableFile.readIfExists(store.aclsFile);
            if (aclText != null) {
                JSONArray list = JSON.parseArray(new String(aclText, StandardCharsets.UTF_8));
                for (int i = 0; i < list.size(); i++) {
                    Acl acl = Acl.fromJson(list.getJSONObject(i));
                    store.acls.put(acl.subject(), acl);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read users and ACLs under " + folder + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("users and ACLs under " + folder + " are not readable: " + e.getMessage(), e);
        }
        return store;
    }

    private static Account account(User user) {
        return new Account(user, new SecretKeySpec(user.password().getBytes(StandardCharsets.UTF_8), HMAC));
    }

    Account account(String username) {
        return accounts.get(username);
    }

    public User user(String username) {
        Account account = accounts.get(username);
        return account == null ? null : account.user();
    }

    /** Every user whose name contains {@code filter} (null or blank: all), by name. */
    public List<User> users(String filter) {
        return accounts.values().stream().map(Account::user)
                .filter(u -> filter == null || filter.isBlank() || u.username().contains(filter))
                .sorted(Comparator.comparing(User::username)).toList();
    }

    public Acl acl(String subject) {
        return acls.get(subject);
    }

    /** Every acl whose subject contains {@code subjectFilter} and that has an entry whose resource contains {@code resourceFilter}. */
    public List<Acl> acls(String subjectFilter, String resourceFilter) {
        return acls.values().stream()
                .filter(a -> subjectFilter == null || subjectFilter.isBlank() || a.subject().contains(subjectFilter))
                .filter(a -> resourceFilter == null || resourceFilter.isBlank() || a.policies().values().stream()
                        .flatMap(List::stream).anyMatch(e -> e.resource().text().contains(resourceFilter)))
                .sorted(Comparator.comparing(Acl::subject)).toList();
    }

    /** Adds {@code user}; false when one of that name exists. */
    public synchronized boolean createUser(User user) {
        if (accounts.containsKey(user.username())) {
            return false;
        }
        accounts.put(user.username(), account(user));
        writeUsers();
        return true;
    }

    /** Replaces the user of that name; false when there is none. */
    public synchronized boolean updateUser(User user) {
        if (!accounts.containsKey(user.username())) {
            return false;
        }
        accounts.put(user.username(), account(user));
        writeUsers();
        return true;
    }

    /** Removes the user and its acl; false when there is none. */
    public synchronized boolean deleteUser(String username) {
        if (accounts.remove(username) == null) {
            return false;
        }
        writeUsers();
        if (acls.remove("User:" + username) != null) {
            writeAcls();
        }
        return true;
    }

    /** Adds {@code acl}'s entries to its subject's, replacing entries of the same type and resource. */
    public synchronized void putAcl(Acl acl) {
        acls.merge(acl.subject(), acl, Acl::merge);
        writeAcls();
    }

    /** Removes entries as {@link Acl#without} says; false when the subject has no acl. */
    public synchronized boolean deleteAcl(String subject, String policyType, List<ResourcePattern> resources) {
        Acl acl = acls.get(subject);
        if (acl == null) {
            return false;
        }
        Acl left = acl.without(policyType, resources);
        if (left == null) {
            acls.remove(subject);
        } else {
            acls.put(subject, left);
        }
        writeAcls();
        return true;
    }

    private void writeUsers() {
        List<JSONObject> list = new ArrayList<>();
        users(null).forEach(u -> list.add(userToJson(u)));
        write(usersFile, JSON.toJSONString(list));
    }

    private void writeAcls() {
        List<JSONObject> list = new ArrayList<>();
        acls(null, null).forEach(a -> list.add(a.toJson()));
        write(aclsFile, JSON.toJSONString(list));
    }

    private static void write(Path file, String text) {
        try {
            DurableFile.replace(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** A user from RocketMQ 5's {@code UserInfo} shape: username, password, userType, userStatus. */
    public static User userFromJson(JSONObject json) {
        return new User(json.getString("username"), json.getString("password"),
                User.Type.parse(json.getString("userType")), User.Status.parse(json.getString("userStatus")));
    }

    public static JSONObject userToJson(User user) {
        JSONObject json = new JSONObject();
        json.put("username", user.username());
        json.put("password", user.password());
        json.put("userType", user.type().wireName());
        json.put("userStatus", user.status().wireName());
        return json;
    }
}
