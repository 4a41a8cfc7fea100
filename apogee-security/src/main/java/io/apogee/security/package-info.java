/**
 * Authentication and authorization compatible with RocketMQ 5's ACL 2.0.
 *
 * <pre>
 * request ─► AccessGuard (processor thread)
 *              ├─► Authenticator: AccessKey names a user; Signature = HmacSHA1(secret, sorted ext values + body)
 *              └─► Authorizer: RequiredAccess says what the code needs; the user's policies decide
 * mqadmin ─► SecurityAdminProcessor ─► SecurityStore (users.json, acls.json under the data folder)
 * </pre>
 *
 * A refusal is answered NO_PERMISSION (16) with a remark that names the user and the reason, which the
 * official client raises as an exception carrying that code and text.
 */
package io.apogee.security;
